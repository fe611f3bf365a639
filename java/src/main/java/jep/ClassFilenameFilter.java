package jep;

import java.io.File;
import java.io.FilenameFilter;

/**
 * Accepts the names of class files of top-level classes: {@code Name.class}, but not inner
 * classes ({@code Outer$Inner.class}), {@code module-info.class} or
 * {@code package-info.class}.
 */
class ClassFilenameFilter implements FilenameFilter {

    private static final String SUFFIX = ".class";

    /**
     * Tells whether a file name is the class file of a top-level class.
     *
     * @param dir the directory of the file (not used)
     * @param name the file name
     * @return true for the class file of a top-level class
     */
    @Override
    public boolean accept(File dir, String name) {
        if (name == null || !name.endsWith(SUFFIX) || name.length() == SUFFIX.length()) {
            return false;
        }
        return isIdentifier(name.substring(0, name.length() - SUFFIX.length()));
    }

    /** Tells whether a name is a Java identifier without {@code $}, as top-level classes are. */
    static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '$' || !Character.isJavaIdentifierPart(c)) {
                return false;
            }
        }
        return true;
    }
}
