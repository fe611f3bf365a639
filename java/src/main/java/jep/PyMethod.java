package jep;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java method that Python calls with {@code *args} and/or {@code **kwargs}: its
 * last parameters are an {@code Object[]} for the extra positional arguments
 * ({@code varargs}) and then a {@code Map<String, Object>} for the keyword arguments
 * ({@code kwargs}); the parameters before them take the leading positional arguments.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PyMethod {

    /**
     * Whether extra positional arguments arrive as an {@code Object[]}.
     *
     * @return true when the method takes {@code *args}
     */
    boolean varargs() default false;

    /**
     * Whether keyword arguments arrive as a {@code Map<String, Object>}.
     *
     * @return true when the method takes {@code **kwargs}
     */
    boolean kwargs() default false;
}
