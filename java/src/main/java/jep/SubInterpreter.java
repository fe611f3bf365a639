package jep;

import org.jspecify.annotations.Nullable;

/**
 * An interpreter with its own Python sub-interpreter and modules. With
 * {@link SubInterpreterOptions#isolated()} (Python 3.12 or newer) it also has its own GIL,
 * so isolated sub-interpreters on different threads run Python in parallel.
 */
public class SubInterpreter extends Jep {

    /**
     * Opens a sub-interpreter with the default configuration on the calling thread.
     *
     * @throws JepException if Python cannot be started or the interpreter cannot be opened
     */
    public SubInterpreter() throws JepException {
        this(new JepConfig());
    }

    /**
     * Opens a sub-interpreter with the given configuration on the calling thread.
     *
     * @param config the configuration: include paths and sub-interpreter options
     * @throws JepException if Python cannot be started or the interpreter cannot be opened
     */
    public SubInterpreter(@Nullable JepConfig config) throws JepException {
        super(config, false);
    }
}
