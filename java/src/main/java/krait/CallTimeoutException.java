package krait;

import java.util.concurrent.TimeoutException;

import jep.JepException;

/**
 * A call did not finish within its deadline; the cause is a {@link TimeoutException}. When the
 * interrupted Python code ended with an error in time, that error is attached as suppressed.
 */
public class CallTimeoutException extends JepException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out and what krait did about it
     */
    public CallTimeoutException(String message) {
        super(message, new TimeoutException(message));
    }
}
