package krait;

import jep.JepException;

/**
 * Thrown when krait itself failed (a JNI or CPython call that should not fail did, or a caught Rust panic): a krait bug, not the caller's.
 *
 * <p>A {@link JepException}, so Jep code that catches {@code JepException} keeps working;
 * Python's own errors are plain {@code JepException}s whose message starts with the
 * Python type. See also {@link UsageException}, {@link ConversionException},
 * {@link WrongThreadException} and {@link InternalException}.
 */
public class InternalException extends JepException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public InternalException(String message) {
        super(message);
    }
}
