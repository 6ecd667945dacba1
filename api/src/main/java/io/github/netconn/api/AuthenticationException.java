package io.github.netconn.api;

/** The server refused the credentials: wrong password, unknown user, locked or disabled account, or a security requirement (signing, encryption) the two sides could not meet. */
public final class AuthenticationException extends NetConnException {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
