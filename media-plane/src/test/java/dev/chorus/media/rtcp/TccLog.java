package dev.chorus.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/** Test visitor that records every transport-cc report as "seq:R:deltaUs" or "seq:L". */
final class TccLog implements TccPacketVisitor {
    final List<String> entries = new ArrayList<>();
    final List<Integer> seqs = new ArrayList<>();
    final List<Boolean> received = new ArrayList<>();
    final List<Long> deltas = new ArrayList<>();

    @Override
    public void packet(int seq, boolean rcv, long deltaUs) {
        entries.add(rcv ? seq + ":R:" + deltaUs : seq + ":L");
        seqs.add(seq);
        received.add(rcv);
        deltas.add(deltaUs);
    }

    @Override
    public String toString() {
        return String.join(" ", entries);
    }
}
