package jep;

import org.jspecify.annotations.Nullable;

/**
 * An interpreter over the one Python interpreter that all shared interpreters use: they
 * share {@code sys.modules} and imported modules, and each has its own globals.
 */
public class SharedInterpreter extends Jep {

    private static JepConfig config = new JepConfig();
    private static boolean created;

    /**
     * Opens a shared interpreter on the calling thread, with the configuration given to
     * {@link #setConfig(JepConfig)}.
     *
     * @throws JepException if Python cannot be started or the interpreter cannot be opened
     */
    public SharedInterpreter() throws JepException {
        super(takeConfig(), true);
    }

    /**
     * Sets the configuration of shared interpreters.
     *
     * @param config the configuration, or null for the default
     * @throws JepException if a shared interpreter has already been created
     */
    public static synchronized void setConfig(@Nullable JepConfig config) throws JepException {
        if (created) {
            throw new JepException(
                    "SharedInterpreter.setConfig must be called before the first SharedInterpreter is created");
        }
        SharedInterpreter.config = config == null ? new JepConfig() : config;
    }

    private static synchronized JepConfig takeConfig() {
        created = true;
        return config;
    }
}
