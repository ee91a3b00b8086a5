package dev.chorus.media.dtls;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;

/**
 * One end of a datagram path for test peers: an in-memory queue pair ({@link InMemoryDatagramPipe}) or a real
 * {@link DatagramSocket} ({@link #of(DatagramSocket, SocketAddress)}).
 */
public interface DatagramPipe {

    /** Sends one datagram. */
    void send(byte[] buf, int off, int len) throws IOException;

    /** Receives one datagram into {@code buf}, waiting up to {@code timeoutMs}; returns its length or -1 on timeout. */
    int receive(byte[] buf, int off, int len, int timeoutMs) throws IOException;

    /** A pipe over a UDP socket talking to one remote address; datagrams from other sources are ignored. */
    static DatagramPipe of(DatagramSocket socket, SocketAddress remote) {
        return new DatagramPipe() {
            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                socket.send(new DatagramPacket(buf, off, len, remote));
            }

            @Override
            public int receive(byte[] buf, int off, int len, int timeoutMs) throws IOException {
                long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
                DatagramPacket packet = new DatagramPacket(buf, off, len);
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        return -1;
                    }
                    socket.setSoTimeout((int) left);
                    try {
                        socket.receive(packet);
                    } catch (SocketTimeoutException e) {
                        return -1;
                    }
                    if (remote.equals(packet.getSocketAddress())) {
                        return packet.getLength();
                    }
                    packet.setData(buf, off, len);
                }
            }
        };
    }
}
