package jep;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ClassEnquirer} that asks another one, except that the given Python package
 * names and their sub-packages are never Java packages. Use it when a Java package on the
 * class path has the name of a Python package that must import as Python.
 */
public class AllowPythonClassEnquirer implements ClassEnquirer {

    private final ClassEnquirer delegate;
    private final Set<String> pythonPackages = new LinkedHashSet<>();

    /**
     * Creates an enquirer over another one.
     *
     * @param delegate the enquirer asked about every other name
     * @param pythonPackages the names of Python packages, such as {@code py4j}
     */
    public AllowPythonClassEnquirer(ClassEnquirer delegate, String... pythonPackages) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (pythonPackages != null) {
            for (String name : pythonPackages) {
                if (name != null && !name.isEmpty()) {
                    this.pythonPackages.add(name);
                }
            }
        }
    }

    /**
     * Tells whether a name is a Java package: false for the Python package names and their
     * sub-packages, otherwise what the delegate says.
     *
     * @param name a dotted name such as {@code java.util}
     * @return true if it names a Java package
     */
    @Override
    public boolean isJavaPackage(String name) {
        for (String python : pythonPackages) {
            if (name.equals(python) || name.startsWith(python + ".")) {
                return false;
            }
        }
        return delegate.isJavaPackage(name);
    }

    /**
     * Lists the classes of a package, as the delegate does.
     *
     * @param pkgName a package name such as {@code java.util}
     * @return the delegate's answer
     */
    @Override
    public String @Nullable [] getClassNames(String pkgName) {
        return delegate.getClassNames(pkgName);
    }

    /**
     * Lists the sub-packages of a package, as the delegate does.
     *
     * @param pkgName a package name such as {@code java}
     * @return the delegate's answer
     */
    @Override
    public String @Nullable [] getSubPackages(String pkgName) {
        return delegate.getSubPackages(pkgName);
    }
}
