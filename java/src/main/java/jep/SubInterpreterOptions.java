package jep;

/**
 * Options for creating a Python sub-interpreter, mirroring CPython's
 * {@code PyInterpreterConfig}.
 *
 * <p>Start from {@link #legacy()} (shares the main GIL, like sub-interpreters before Python
 * 3.12) or {@link #isolated()} (its own GIL, Python 3.12 or newer) and adjust with the
 * setters. Before Python 3.12 the options are ignored (as in Jep): every sub-interpreter
 * shares the main GIL.
 */
public class SubInterpreterOptions {

    private static final int UNSET = -1;
    /** Index of ownGIL in {@link #toNativeOptions()}. */
    static final int OWN_GIL = 0;
    /** Index of useMainObmalloc in {@link #toNativeOptions()}. */
    static final int USE_MAIN_OBMALLOC = 1;

    private int ownGil = UNSET;
    private int useMainObmalloc = UNSET;
    private int allowFork = UNSET;
    private int allowExec = UNSET;
    private int allowThreads = UNSET;
    private int allowDaemonThreads = UNSET;
    private int checkMultiInterpExtensions = UNSET;

    private SubInterpreterOptions() {
    }

    /**
     * Returns options for a sub-interpreter that shares the main interpreter's GIL and
     * allocator and allows fork, exec, threads and daemon threads.
     *
     * @return new legacy options
     */
    public static SubInterpreterOptions legacy() {
        return new SubInterpreterOptions()
                .setUseMainObmalloc(true)
                .setAllowFork(true)
                .setAllowExec(true)
                .setAllowThreads(true)
                .setAllowDaemonThreads(true)
                .setCheckMultiInterpExtensions(false)
                .setOwnGIL(false);
    }

    /**
     * Returns options for a sub-interpreter with its own GIL and allocator, which only
     * imports extension modules that support multiple interpreters.
     *
     * @return new isolated options
     */
    public static SubInterpreterOptions isolated() {
        return new SubInterpreterOptions()
                .setUseMainObmalloc(false)
                .setAllowFork(false)
                .setAllowExec(false)
                .setAllowThreads(true)
                .setAllowDaemonThreads(false)
                .setCheckMultiInterpExtensions(true)
                .setOwnGIL(true);
    }

    /**
     * Sets whether the sub-interpreter uses the main interpreter's object allocator.
     *
     * @param useMainObmalloc the value of {@code use_main_obmalloc}
     * @return these options
     */
    public SubInterpreterOptions setUseMainObmalloc(boolean useMainObmalloc) {
        this.useMainObmalloc = flag(useMainObmalloc);
        return this;
    }

    /**
     * Sets whether the sub-interpreter may call {@code os.fork()}.
     *
     * @param allowFork the value of {@code allow_fork}
     * @return these options
     */
    public SubInterpreterOptions setAllowFork(boolean allowFork) {
        this.allowFork = flag(allowFork);
        return this;
    }

    /**
     * Sets whether the sub-interpreter may call {@code os.execv()} and friends.
     *
     * @param allowExec the value of {@code allow_exec}
     * @return these options
     */
    public SubInterpreterOptions setAllowExec(boolean allowExec) {
        this.allowExec = flag(allowExec);
        return this;
    }

    /**
     * Sets whether the sub-interpreter may start threads.
     *
     * @param allowThreads the value of {@code allow_threads}
     * @return these options
     */
    public SubInterpreterOptions setAllowThreads(boolean allowThreads) {
        this.allowThreads = flag(allowThreads);
        return this;
    }

    /**
     * Sets whether the sub-interpreter may start daemon threads.
     *
     * @param allowDaemonThreads the value of {@code allow_daemon_threads}
     * @return these options
     */
    public SubInterpreterOptions setAllowDaemonThreads(boolean allowDaemonThreads) {
        this.allowDaemonThreads = flag(allowDaemonThreads);
        return this;
    }

    /**
     * Same as {@link #setCheckMultiInterpExtensions(boolean)}; kept for the spelling used
     * by Jep.
     *
     * @param checkMultiInterpExtensions the value of {@code check_multi_interp_extensions}
     * @return these options
     */
    public SubInterpreterOptions setCheckMultiInterpeExtensions(boolean checkMultiInterpExtensions) {
        return setCheckMultiInterpExtensions(checkMultiInterpExtensions);
    }

    /**
     * Sets whether importing an extension module that does not support multiple
     * interpreters fails in the sub-interpreter.
     *
     * @param checkMultiInterpExtensions the value of {@code check_multi_interp_extensions}
     * @return these options
     */
    public SubInterpreterOptions setCheckMultiInterpExtensions(boolean checkMultiInterpExtensions) {
        this.checkMultiInterpExtensions = flag(checkMultiInterpExtensions);
        return this;
    }

    /**
     * Sets whether the sub-interpreter has its own GIL (Python 3.12 or newer).
     *
     * @param ownGil the value of {@code gil}: own GIL when true, shared when false
     * @return these options
     */
    public SubInterpreterOptions setOwnGIL(boolean ownGil) {
        this.ownGil = flag(ownGil);
        return this;
    }

    /**
     * Returns the options as the native side expects them: ownGil, useMainObmalloc,
     * allowFork, allowExec, allowThreads, allowDaemonThreads, checkMultiInterpExtensions,
     * each -1 (unset), 0 or 1.
     */
    /**
     * Whether the running CPython applies these options: from 3.12 on. Before, as in
     * Jep, they are ignored and every sub-interpreter is a legacy one.
     */
    static boolean honoured() {
        return PythonFinder.minorVersion(KraitNative.pythonVersion()) >= 12;
    }

    int[] toNativeOptions() {
        return new int[] {
            ownGil,
            useMainObmalloc,
            allowFork,
            allowExec,
            allowThreads,
            allowDaemonThreads,
            checkMultiInterpExtensions,
        };
    }

    /**
     * Describes the options.
     *
     * @return the option names with their values
     */
    @Override
    public String toString() {
        return "SubInterpreterOptions[ownGIL=" + describe(ownGil)
                + ", useMainObmalloc=" + describe(useMainObmalloc)
                + ", allowFork=" + describe(allowFork)
                + ", allowExec=" + describe(allowExec)
                + ", allowThreads=" + describe(allowThreads)
                + ", allowDaemonThreads=" + describe(allowDaemonThreads)
                + ", checkMultiInterpExtensions=" + describe(checkMultiInterpExtensions)
                + "]";
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }

    private static String describe(int value) {
        return value == UNSET ? "unset" : String.valueOf(value == 1);
    }
}
