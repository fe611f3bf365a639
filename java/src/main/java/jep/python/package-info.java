/**
 * Python objects held from Java.
 *
 * <p>Types are non-null unless marked {@code @Nullable} (JSpecify).
 */
@NullMarked
package jep.python;

import org.jspecify.annotations.NullMarked;
