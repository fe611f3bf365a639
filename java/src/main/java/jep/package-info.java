/**
 * The Jep 4.3 API: Java's way into CPython.
 *
 * <p>Types are non-null unless marked {@code @Nullable} (JSpecify).
 */
@NullMarked
package jep;

import org.jspecify.annotations.NullMarked;
