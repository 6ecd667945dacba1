/**
 * The port of netconn: {@link io.github.netconn.api.ConnectionEnumerator} with its contract,
 * records and exception family. Depends on nothing but {@code java.base}.
 */
module io.github.netconn.api {
    exports io.github.netconn.api;
}
