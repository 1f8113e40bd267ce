package io.yikatong.testkit.card;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes of a virtual card's file tree. Package-private; not API.
 *
 * <p>Not thread-safe; confine to one thread.
 */
abstract sealed class FileNode permits FileNode.Df, FileNode.Ef {

    final int fid;
    final Df parent;

    FileNode(int fid, Df parent) {
        this.fid = fid;
        this.parent = parent;
    }

    /** A dedicated file (the MF is the root DF). */
    static final class Df extends FileNode {
        final List<FileNode> children = new ArrayList<>();
        final SecurityState security = new SecurityState();
        final List<CardKey> keys = new ArrayList<>();
        byte[] name;

        Df(int fid, Df parent) {
            super(fid, parent);
        }

        CardKey key(int reference) {
            for (CardKey k : keys) {
                if (k.reference == reference) {
                    return k;
                }
            }
            return null;
        }

        CardKey keyFor(KeyUsage usage) {
            for (CardKey k : keys) {
                if (k.usage == usage) {
                    return k;
                }
            }
            return null;
        }

        boolean allows(AccessCondition condition) {
            return security.allows(condition, this);
        }

        FileNode child(int id) {
            for (FileNode c : children) {
                if (c.fid == id) {
                    return c;
                }
            }
            return null;
        }

        boolean isAncestorOrSelfOf(Df df) {
            for (Df d = df; d != null; d = d.parent) {
                if (d == this) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An elementary file with its access conditions. */
    abstract static sealed class Ef extends FileNode permits TransparentEf, RecordEf {
        final AccessCondition read;
        final AccessCondition update;

        Ef(int fid, Df parent, AccessCondition read, AccessCondition update) {
            super(fid, parent);
            this.read = read;
            this.update = update;
        }
    }

    /** A transparent (binary) EF of fixed size. */
    static final class TransparentEf extends Ef {
        final byte[] content;

        TransparentEf(int fid, Df parent, byte[] content, AccessCondition read, AccessCondition update) {
            super(fid, parent, read, update);
            this.content = content;
        }
    }

    /** A record EF; records are numbered from 1 (list index 0). */
    static final class RecordEf extends Ef {
        final RecordStructure structure;
        final int maxRecordLength;
        final int maxRecords;
        final List<byte[]> records = new ArrayList<>();

        RecordEf(int fid, Df parent, RecordStructure structure, int maxRecordLength, int maxRecords,
                AccessCondition read, AccessCondition update) {
            super(fid, parent, read, update);
            this.structure = structure;
            this.maxRecordLength = maxRecordLength;
            this.maxRecords = maxRecords;
        }

        boolean fixedLength() {
            return structure != RecordStructure.LINEAR_VARIABLE;
        }

        /** Adds a record as APPEND RECORD does; returns false when a linear file is full. */
        boolean append(byte[] record) {
            if (structure == RecordStructure.CYCLIC) {
                records.add(0, record);
                if (records.size() > maxRecords) {
                    records.remove(records.size() - 1);
                }
                return true;
            }
            if (records.size() >= maxRecords) {
                return false;
            }
            records.add(record);
            return true;
        }
    }
}
