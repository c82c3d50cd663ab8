package dev.mosaic.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a bare TCP connection: sends exactly the bytes a test writes (requests no client
 * library would send, several on one connection) and reads back exactly what came, response by
 * response; after an upgrade, WebSocket frames with any payload, UTF-8 or not.
 */
final class RawHttp implements AutoCloseable {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static final int TEXT = 1;
    static final int CLOSE = 8;

    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status of a close frame. */
        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        // Only so that a server that never answers fails the test instead of hanging it.
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next response; its body as long as {@code Content-Length} says, none for an answer to HEAD. */
    Response read(boolean toHead) throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not a status line: " + statusLine);
        }
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        int length = toHead ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(Integer.parseInt(statusLine.substring(9, 12)), headers,
                new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Upgrades this connection to the chat WebSocket; the answer must be 101. */
    void upgrade(String token) throws IOException {
        write("GET /v1/ws HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        Response answer = read(true);
        if (answer.status() != 101) {
            throw new IOException("the upgrade was answered " + answer.status());
        }
    }

    /** One final frame, masked as a client's must be (RFC 6455, 5.3). */
    void writeFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 1 << 16) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        write(frame.toByteArray());
    }

    /** The next frame from the server (unmasked, unfragmented). */
    Frame readFrame() throws IOException {
        int first = in.read();
        int second = in.read();
        if (first == -1 || second == -1) {
            throw new IOException("the connection closed before a frame");
        }
        long length = second & 0x7f;
        if (length >= 126) {
            int bytes = length == 126 ? 2 : 8;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | in.read();
            }
        }
        return new Frame(first & 0x0f, in.readNBytes((int) length));
    }

    /** Reads frames until a close frame, which it returns. */
    Frame readUntilClose() throws IOException {
        Frame frame = readFrame();
        while (frame.opcode() != CLOSE) {
            frame = readFrame();
        }
        return frame;
    }

    /** True when the server closed the connection: nothing more comes. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new IOException("the connection closed mid-line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
