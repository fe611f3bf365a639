package krait;

import jep.JepException;

/**
 * Thrown when a value does not convert between Python and Java; the message names both types.
 *
 * <p>A {@link JepException}, so Jep code that catches {@code JepException} keeps working;
 * Python's own errors are plain {@code JepException}s whose message starts with the
 * Python type. See also {@link UsageException}, {@link ConversionException},
 * {@link WrongThreadException} and {@link InternalException}.
 */
public class ConversionException extends JepException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public ConversionException(String message) {
        super(message);
    }
}
