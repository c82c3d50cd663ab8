package dev.mosaic.application.fakes;

import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.port.out.OAuthTokenEndpoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An {@link OAuthTokenEndpoint} that answers as scripted and records what it was asked. */
public final class ScriptedTokenEndpoint implements OAuthTokenEndpoint {

    /** One request: {@code grantType} is {@code authorization_code} or {@code refresh_token}. */
    public record Call(String grantType, String provider, String code, String codeVerifier, String state,
            Secret refreshToken) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, Grant> answer = call -> {
        throw new AssertionError("no answer scripted for " + call);
    };

    /** What every following request gets; the function may throw {@link OAuthException}. */
    public void answer(Function<Call, Grant> answer) {
        this.answer = answer;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public Grant exchange(OAuthClientConfig client, String code, String codeVerifier, String state) {
        return respond(new Call("authorization_code", client.provider(), code, codeVerifier, state, null));
    }

    @Override
    public Grant refresh(OAuthClientConfig client, Secret refreshToken) {
        return respond(new Call("refresh_token", client.provider(), null, null, null, refreshToken));
    }

    private Grant respond(Call call) {
        calls.add(call);
        return answer.apply(call);
    }
}
