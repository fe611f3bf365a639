package jep;

import org.jspecify.annotations.Nullable;

/**
 * Decides which Python import names are Java packages and lists their classes, for the
 * {@code import java.util}-style import hook.
 */
public interface ClassEnquirer {

    /** Top-level names that are never treated as Java packages, so Python modules win. */
    String[] RESTRICTED_PKG_NAMES = {"io", "re"};

    /**
     * Tells whether a dotted name is a Java package.
     *
     * @param name a dotted name such as {@code java.util}
     * @return true if it names a Java package
     */
    boolean isJavaPackage(String name);

    /**
     * Lists the classes of a Java package.
     *
     * @param pkgName a package name such as {@code java.util}
     * @return the fully qualified class names
     */
    String @Nullable [] getClassNames(String pkgName);

    /**
     * Lists the direct sub-packages of a Java package.
     *
     * @param pkgName a package name such as {@code java}
     * @return the sub-package names
     */
    String @Nullable [] getSubPackages(String pkgName);
}
