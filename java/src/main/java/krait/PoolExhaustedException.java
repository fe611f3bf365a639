package krait;

import java.util.concurrent.TimeoutException;

import jep.JepException;

/**
 * No pooled interpreter became free within the pool's acquire deadline (all {@code max} were
 * busy); the cause is a {@link TimeoutException}.
 */
public class PoolExhaustedException extends JepException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message how long the caller waited and how many interpreters were busy
     */
    public PoolExhaustedException(String message) {
        super(message, new TimeoutException(message));
    }
}
