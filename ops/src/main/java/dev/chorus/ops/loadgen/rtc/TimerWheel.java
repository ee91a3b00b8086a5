package dev.chorus.ops.loadgen.rtc;

/**
 * A hashed timer wheel with 1 ms ticks for the load generator's event loops: hundreds of participants each send
 * audio every 20 ms and video every frame, so scheduling must cost O(1) and allocate nothing. Timers are intrusive
 * (a {@link Timer} is its own list node), re-armed by their owner from inside {@link Timer#fire}.
 *
 * <p>A timer whose deadline lies more than one rotation ahead stays in its slot and is skipped until its rotation
 * comes round. A task may schedule or cancel any timer, itself included, while it fires. {@link #advance} fires
 * every timer due at or before {@code nowMs}, also after a long pause (each slot is then visited once). Time is
 * passed in; single-threaded (the owning loop's thread).
 */
public final class TimerWheel {

    /** A schedulable task; subclass it and re-arm it from {@link #fire} for periodic work. */
    public abstract static class Timer {
        private long deadlineMs;
        private Timer next;
        private Timer prev;
        private int slot = -1;

        /** Runs the task; {@code nowMs} is the time the wheel was advanced to. */
        protected abstract void fire(long nowMs);

        /** True while the timer waits in a wheel. */
        public final boolean scheduled() {
            return slot >= 0;
        }

        /** The deadline it was last scheduled for. */
        public final long deadlineMs() {
            return deadlineMs;
        }
    }

    /** A timer that runs {@code task} with the wheel's time (allocate once, re-arm from the task as needed). */
    public static Timer of(java.util.function.LongConsumer task) {
        return new Timer() {
            @Override
            protected void fire(long nowMs) {
                task.accept(nowMs);
            }
        };
    }

    private final Timer[] heads;
    private final int mask;
    private long currentMs;
    private int size;
    /** The next timer {@link #advance} visits in the slot it is walking; kept valid when a fired task cancels it. */
    private Timer cursor;

    /**
     * @param slots   number of slots, a power of two (the span of one rotation in ms)
     * @param startMs the time the wheel starts at
     */
    public TimerWheel(int slots, long startMs) {
        if (slots < 2 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.heads = new Timer[slots];
        this.mask = slots - 1;
        this.currentMs = startMs;
    }

    /**
     * Schedules {@code t} at {@code deadlineMs} (moving it if it was scheduled already). A deadline at or before the
     * wheel's current time fires on the next {@link #advance}.
     */
    public void schedule(Timer t, long deadlineMs) {
        if (t.scheduled()) {
            unlink(t);
            size--;
        }
        t.deadlineMs = deadlineMs;
        long at = Math.max(deadlineMs, currentMs + 1);
        link(t, (int) (at & mask));
        size++;
    }

    /** Removes {@code t} if it is scheduled. */
    public void cancel(Timer t) {
        if (t.scheduled()) {
            unlink(t);
            size--;
        }
    }

    /** Number of scheduled timers. */
    public int size() {
        return size;
    }

    /**
     * Fires every timer due at or before {@code nowMs}, tick by tick in time order; a timer re-armed by a task for
     * a time up to {@code nowMs} fires within the same call. Returns how many fired.
     */
    public int advance(long nowMs) {
        if (nowMs <= currentMs) {
            return 0;
        }
        long first = Math.max(currentMs + 1, nowMs - heads.length + 1);
        int fired = 0;
        for (long tick = first; tick <= nowMs; tick++) {
            currentMs = tick;
            cursor = heads[(int) (tick & mask)];
            while (cursor != null) {
                Timer t = cursor;
                cursor = t.next;
                if (t.deadlineMs <= tick) {
                    unlink(t);
                    size--;
                    fired++;
                    t.fire(nowMs);
                }
            }
        }
        currentMs = nowMs;
        return fired;
    }

    private void link(Timer t, int s) {
        t.slot = s;
        t.prev = null;
        t.next = heads[s];
        if (t.next != null) {
            t.next.prev = t;
        }
        heads[s] = t;
    }

    private void unlink(Timer t) {
        if (t == cursor) {
            cursor = t.next;
        }
        if (t.prev != null) {
            t.prev.next = t.next;
        } else {
            heads[t.slot] = t.next;
        }
        if (t.next != null) {
            t.next.prev = t.prev;
        }
        t.next = null;
        t.prev = null;
        t.slot = -1;
    }
}
