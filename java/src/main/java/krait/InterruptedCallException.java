package krait;

import jep.JepException;

/** The Python code of a call was interrupted through {@link Interrupts#interrupt}. */
public class InterruptedCallException extends JepException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was interrupted
     * @param cause the Python error ({@code KeyboardInterrupt}) the call ended with
     */
    public InterruptedCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
