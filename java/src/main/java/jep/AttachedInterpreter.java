package jep;

/** An interpreter made by {@link Jep#attach(boolean)}: another thread's view of an open one. */
final class AttachedInterpreter extends Jep {

    AttachedInterpreter(long handle) {
        super(handle);
    }
}
