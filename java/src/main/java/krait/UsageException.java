package krait;

import jep.JepException;

/**
 * Thrown when the caller used the API in a way it does not allow (a closed interpreter, a second interpreter on one thread, a bad argument).
 *
 * <p>A {@link JepException}, so Jep code that catches {@code JepException} keeps working;
 * Python's own errors are plain {@code JepException}s whose message starts with the
 * Python type. See also {@link UsageException}, {@link ConversionException},
 * {@link WrongThreadException} and {@link InternalException}.
 */
public class UsageException extends JepException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public UsageException(String message) {
        super(message);
    }
}
