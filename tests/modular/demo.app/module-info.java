/** An application module using krait from the module path (scripts/consumers.sh runs it). */
module demo.app {
    requires dev.krait;
    exports demo.app;
}
