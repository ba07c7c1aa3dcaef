package org.chondroj.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The heap figures the benchmarks print: the heap in use now, the sum of the heap pools' peaks since they were last
 * reset (an upper bound of the peak of their sum, garbage not yet collected included) and the largest heap in use right
 * after a garbage collection (the live data at that moment: a lower bound of the peak of live data).
 */
final class HeapWatch {

	private HeapWatch() {
	}

	/** The heap in use now (the sum of the heap pools' usage). */
	static long heapUsed() {
		return sumOverHeapPools(p -> p.getUsage().getUsed());
	}

	/** The largest heap use right after a garbage collection (the live data), from now on. */
	static AtomicLong watchAfterGc() {
		final AtomicLong max = new AtomicLong();
		final Set<String> heap = new HashSet<>();
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP)
				heap.add(p.getName());
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
			((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
				if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION))
					return;
				long used = 0;
				for (final Map.Entry<String, MemoryUsage> u : GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
						.getMemoryUsageAfterGc().entrySet())
					if (heap.contains(u.getKey()))
						used += u.getValue().getUsed();
				max.accumulateAndGet(used, Math::max);
			}, null, null);
		return max;
	}

	/** Resets every memory pool's peak to its current use. */
	static void resetPeaks() {
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			p.resetPeakUsage();
	}

	/** The sum of the heap pools' peaks: an upper bound of the peak of their sum. */
	static long heapPeak() {
		return sumOverHeapPools(p -> p.getPeakUsage().getUsed());
	}

	private static long sumOverHeapPools(final ToLongFunction<MemoryPoolMXBean> bytes) {
		long sum = 0;
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP)
				sum += bytes.applyAsLong(p);
		return sum;
	}
}
