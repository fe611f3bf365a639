package jep;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when Python raises an exception or an interpreter is used incorrectly.
 *
 * <p>For Python errors the message starts with the Python exception type, for example
 * {@code <class 'ValueError'>: bad}.
 */
public class JepException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception without a message. */
    public JepException() {
        super();
    }

    /**
     * Creates an exception with a message.
     *
     * @param message the detail message
     */
    public JepException(@Nullable String message) {
        super(message);
    }

    /**
     * Creates an exception caused by another throwable.
     *
     * @param cause the cause
     */
    public JepException(@Nullable Throwable cause) {
        super(cause);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message the detail message
     * @param cause the cause
     */
    public JepException(@Nullable String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
