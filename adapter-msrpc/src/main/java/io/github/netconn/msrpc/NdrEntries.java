package io.github.netconn.msrpc;

import io.github.netconn.api.ProtocolViolationException;
import java.util.ArrayList;
import java.util.List;

/**
 * The array of one information level in an enumeration reply: a conformant array of structures
 * whose members are DWORDs and {@code [string] wchar_t*} unique pointers, each 4 bytes in the
 * array. The strings follow the array, deferred, in element order and, within an element, in
 * member order (NDR's rule for embedded pointers). Decoding reads every element's fixed part
 * into primitive arrays first and builds the entries as their strings arrive, so a good reply
 * allocates little beyond the entries themselves.
 *
 * @param <E> the port's entry type
 */
final class NdrEntries<E> {

    /** One member of the structure, in IDL order. */
    record Member(String name, boolean string) {
    }

    /** Builds one entry from its members. */
    @FunctionalInterface
    interface Factory<E> {
        E entry(Members members);
    }

    /**
     * The members of the entry being built: its DWORDs and its strings (null for a NULL
     * pointer), each numbered from 0 in IDL order among the members of its kind.
     */
    static final class Members {
        private final long[] dwords;
        private final int dwordCount;
        private final String[] strings;
        private int entry;

        private Members(long[] dwords, int dwordCount, int stringCount) {
            this.dwords = dwords;
            this.dwordCount = dwordCount;
            this.strings = new String[stringCount];
        }

        long dword(int i) {
            return dwords[entry * dwordCount + i];
        }

        String string(int i) {
            return strings[i];
        }
    }

    private final String array;
    private final Member[] members;
    private final int dwordCount;
    private final int stringCount;
    private final Factory<E> factory;

    /**
     * @param struct  the structure's name in MS-SRVS ({@code SESSION_INFO_1}), for messages
     * @param factory builds an entry from its members
     * @param members the structure's members in IDL order
     */
    NdrEntries(String struct, Factory<E> factory, Member... members) {
        this.array = struct + " array";
        this.members = members.clone();
        int strings = 0;
        for (Member m : members) {
            strings += m.string() ? 1 : 0;
        }
        this.stringCount = strings;
        this.dwordCount = members.length - strings;
        this.factory = factory;
    }

    /** A DWORD member. */
    static Member dword(String name) {
        return new Member(name, false);
    }

    /** A {@code [string] wchar_t*} member, a unique pointer. */
    static Member string(String name) {
        return new Member(name, true);
    }

    /** The bytes of one element in the array: 4 per member. */
    int size() {
        return 4 * members.length;
    }

    /** Reads {@code count} elements (the array's max_count, already read) and then their strings. */
    List<E> read(NdrReader r, long count) throws ProtocolViolationException {
        r.require(count, size(), array);
        int n = (int) count;
        long[] dwords = new long[n * dwordCount];
        boolean[] present = new boolean[n * stringCount];
        for (int i = 0, d = 0, s = 0; i < n; i++) {
            for (Member m : members) {
                if (m.string()) {
                    present[s++] = r.pointer(m.name());        // [string] wchar_t* (unique): referent
                } else {
                    dwords[d++] = r.dword(m.name());            // DWORD
                }
            }
        }
        List<E> entries = new ArrayList<>(n);
        Members values = new Members(dwords, dwordCount, stringCount);
        for (int i = 0, s = 0; i < n; i++) {                    // deferred strings, in element order
            values.entry = i;
            int k = 0;
            for (Member m : members) {
                if (m.string()) {
                    values.strings[k++] = present[s++] ? r.string(m.name()) : null;
                }
            }
            entries.add(factory.entry(values));
        }
        return entries;
    }
}
