package dev.mosaic.tui;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A minimal WebSocket server (RFC 6455, text frames only) on a loopback port, for testing the
 * client over a real socket: the JDK has none. Each accepted connection is handed to the handler
 * on a thread of its own; the handler decides whether to upgrade and what to send.
 */
final class FakeGateway implements AutoCloseable {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final Thread acceptor;

    FakeGateway(Consumer<Connection> handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("fake-gateway").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (Connection connection = new Connection(socket)) {
                            handler.accept(connection);
                        } catch (IOException | UncheckedIOException e) {
                            // the client went away; the test sees that from its side
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/v1/ws");
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }

    /** One client connection, from its HTTP request on. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String requestLine;
        private volatile int closeStatus = -1;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            readRequest();
        }

        String requestLine() {
            return requestLine;
        }

        /** A request header, by lower-case name. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The request's body (as long as its {@code Content-Length} says), read once. */
        String body() throws IOException {
            String length = header("content-length");
            byte[] body = new byte[length == null ? 0 : Integer.parseInt(length)];
            in.readFully(body);
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Answers with a plain HTTP response: an error instead of the upgrade, or a REST call's answer. */
        void respond(int status, String reason, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        }

        void upgrade() throws IOException {
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((header("sec-websocket-key") + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        synchronized void sendText(String text) throws IOException {
            writeFrame(true, 0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends one text message as several frames, split at the given byte offsets. */
        synchronized void sendFragmented(String text, int... splitAt) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int from = 0;
            for (int i = 0; i <= splitAt.length; i++) {
                int to = i < splitAt.length ? splitAt[i] : bytes.length;
                byte[] part = Arrays.copyOfRange(bytes, from, to);
                writeFrame(i == splitAt.length, i == 0 ? 0x1 : 0x0, part);
                from = to;
            }
        }

        synchronized void sendClose(int status, String reason) throws IOException {
            byte[] why = reason.getBytes(StandardCharsets.UTF_8);
            writeFrame(true, 0x8, ByteBuffer.allocate(2 + why.length).putShort((short) status).put(why).array());
        }

        /** Drops the TCP connection without a close handshake. */
        void drop() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /**
         * The next text message from the client, or {@code null} when it closed (a close frame,
         * or the socket), or when none came within the timeout.
         */
        String receive(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            try {
                while (true) {
                    int first = in.readUnsignedByte();
                    int second = in.readUnsignedByte();
                    long length = second & 0x7f;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((second & 0x80) != 0) {
                        in.readFully(mask);
                    }
                    byte[] payload = new byte[(int) length];
                    in.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    int opcode = first & 0x0f;
                    if (opcode == 0x8) {
                        closeStatus = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                        return null;
                    }
                    if (opcode == 0x1 || opcode == 0x0) {
                        message.write(payload);
                        if ((first & 0x80) != 0) {
                            return message.toString(StandardCharsets.UTF_8);
                        }
                    }
                }
            } catch (SocketTimeoutException | EOFException | SocketException e) {
                return null;
            }
        }

        /** The status of the client's close frame, or -1 before one arrived. */
        int closeStatus() {
            return closeStatus;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private void readRequest() throws IOException {
            requestLine = readLine(in);
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the request ended early");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private void writeFrame(boolean fin, int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xff);
            } else {
                frame.write(127);
                frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    /** Waits for a condition that another thread makes true. */
    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
