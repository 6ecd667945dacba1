/**
 * Many servers and time over any adapter of the port: {@link io.github.netconn.fleet.FleetSweep}
 * and {@link io.github.netconn.fleet.ConnectionWatch}.
 */
module io.github.netconn.fleet {
    requires transitive io.github.netconn.api;

    exports io.github.netconn.fleet;
}
