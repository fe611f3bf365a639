package jep;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ClassEnquirer} that decides by the shape of a name alone: a dotted name is a Java
 * package when its first component is a known top-level package name ({@code java},
 * {@code javax}, {@code com}, {@code org}, {@code net}, {@code edu}, {@code gov},
 * {@code mil}, optionally the two-letter country codes, and any added name) and its last
 * component starts with a lower-case letter, as Java package names do by convention.
 *
 * <p>It never scans anything, so it is cheap, but it cannot list classes or sub-packages.
 * The names in {@link ClassEnquirer#RESTRICTED_PKG_NAMES} never count as top-level names.
 */
public class NamingConventionClassEnquirer implements ClassEnquirer {

    private static final List<String> DEFAULT_TOP_LEVEL =
            List.of("java", "javax", "com", "org", "net", "edu", "gov", "mil");

    private final Set<String> topLevelNames = new HashSet<>();

    /** Creates an enquirer that knows the default top-level names but not country codes. */
    public NamingConventionClassEnquirer() {
        this(true);
    }

    /**
     * Creates an enquirer without country codes.
     *
     * @param includeDefaults whether the default top-level names ({@code java}, {@code com},
     *     {@code org}...) count
     */
    public NamingConventionClassEnquirer(boolean includeDefaults) {
        this(includeDefaults, false);
    }

    /**
     * Creates an enquirer.
     *
     * @param includeDefaults whether the default top-level names ({@code java}, {@code com},
     *     {@code org}...) count
     * @param includeCountryCodes whether the lower-cased ISO 3166 two-letter country codes
     *     ({@code uk}, {@code de}, {@code fr}...) count
     */
    public NamingConventionClassEnquirer(boolean includeDefaults, boolean includeCountryCodes) {
        if (includeDefaults) {
            topLevelNames.addAll(DEFAULT_TOP_LEVEL);
        }
        if (includeCountryCodes) {
            for (String code : Locale.getISOCountries()) {
                topLevelNames.add(code.toLowerCase(Locale.ROOT));
            }
        }
        for (String restricted : RESTRICTED_PKG_NAMES) {
            topLevelNames.remove(restricted);
        }
    }

    /**
     * Adds a top-level package name; names in {@link ClassEnquirer#RESTRICTED_PKG_NAMES} are
     * ignored.
     *
     * @param pkgStart the first component of Java package names, such as {@code dev}
     * @return this enquirer
     */
    public NamingConventionClassEnquirer addTopLevelPackageName(String pkgStart) {
        if (pkgStart != null && !isRestricted(pkgStart)) {
            topLevelNames.add(pkgStart);
        }
        return this;
    }

    /**
     * Tells whether a name looks like a Java package: its first component is a known
     * top-level name and its last component starts with a lower-case letter.
     *
     * @param name a dotted name such as {@code java.util}
     * @return true if it is taken for a Java package
     * @throws IllegalArgumentException if name is null
     */
    @Override
    public boolean isJavaPackage(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        String[] parts = name.split("\\.", -1);
        if (!topLevelNames.contains(parts[0])) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return false;
            }
        }
        return Character.isLowerCase(parts[parts.length - 1].charAt(0));
    }

    /**
     * Returns null: a naming convention cannot list classes.
     *
     * @param pkgName a package name
     * @return null
     */
    @Override
    public String @Nullable [] getClassNames(String pkgName) {
        return null;
    }

    /**
     * Returns null: a naming convention cannot list sub-packages.
     *
     * @param pkgName a package name
     * @return null
     */
    @Override
    public String @Nullable [] getSubPackages(String pkgName) {
        return null;
    }

    /** Tells whether a top-level name is one of {@link ClassEnquirer#RESTRICTED_PKG_NAMES}. */
    static boolean isRestricted(String topLevelName) {
        for (String restricted : RESTRICTED_PKG_NAMES) {
            if (restricted.equals(topLevelName)) {
                return true;
            }
        }
        return false;
    }
}
