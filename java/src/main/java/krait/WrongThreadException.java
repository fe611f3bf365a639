package krait;

import jep.JepException;

/**
 * Thrown when an interpreter, or an object of one, was used from a thread that may not use it ("Invalid thread access.").
 *
 * <p>A {@link JepException}, so Jep code that catches {@code JepException} keeps working;
 * Python's own errors are plain {@code JepException}s whose message starts with the
 * Python type. See also {@link UsageException}, {@link ConversionException},
 * {@link WrongThreadException} and {@link InternalException}.
 */
public class WrongThreadException extends JepException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public WrongThreadException(String message) {
        super(message);
    }
}
