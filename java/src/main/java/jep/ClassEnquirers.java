package jep;

/**
 * The {@link ClassEnquirer} that the Java import hook uses when none is configured.
 */
final class ClassEnquirers {

    private static final ClassEnquirer DEFAULT = new DefaultClassEnquirer();

    private ClassEnquirers() {
    }

    /**
     * Returns krait's default enquirer: a name is a Java package when the naming convention
     * ({@link NamingConventionClassEnquirer} with its defaults) or the {@link ClassList}
     * says so; classes and sub-packages come from the class list. The class list is only
     * built when a name is not answered by the naming convention alone or classes are
     * listed.
     *
     * @return the shared default enquirer
     */
    static ClassEnquirer defaultEnquirer() {
        return DEFAULT;
    }

    /** The naming convention, then the class list. */
    private static final class DefaultClassEnquirer implements ClassEnquirer {

        private final NamingConventionClassEnquirer convention = new NamingConventionClassEnquirer();

        /** True if the naming convention or the class list takes the name for a package. */
        @Override
        public boolean isJavaPackage(String name) {
            return name != null && (convention.isJavaPackage(name) || ClassList.getInstance().isJavaPackage(name));
        }

        /** The class list's public top-level classes of the package. */
        @Override
        public String[] getClassNames(String pkgName) {
            return ClassList.getInstance().getClassNames(pkgName);
        }

        /** The class list's sub-packages of the package. */
        @Override
        public String[] getSubPackages(String pkgName) {
            return ClassList.getInstance().getSubPackages(pkgName);
        }
    }
}
