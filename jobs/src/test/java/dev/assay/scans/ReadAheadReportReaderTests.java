package dev.assay.scans;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files read ahead come back in their order, no further ahead than asked, in the step's scope. */
class ReadAheadReportReaderTests {

	private final StepExecution step = new StepExecution("importScansStep",
			new JobExecution(1L, new JobInstance(1L, "scan-import"), new JobParameters()));

	/**
	 * The step's own thread holds its scope while the step runs, as AbstractStep does: without it,
	 * the scope's context goes whenever no worker happens to hold it, and a worker registering at
	 * that moment could find none.
	 */
	@BeforeEach
	void enterTheStep() {
		StepSynchronizationManager.register(this.step);
	}

	@AfterEach
	void leaveTheStep() {
		StepSynchronizationManager.close();
	}

	@Test
	void itemsComeInTheOrderOfTheFilesWhateverOrderTheWorkersFinishIn() throws Exception {
		List<Path> files = IntStream.range(0, 120).mapToObj(i -> Path.of("report-" + i + ".json")).toList();
		ReadAheadReportReader reader = new ReadAheadReportReader(this.step, files, file -> {
			Thread.sleep(ThreadLocalRandom.current().nextInt(3));
			return new ImportedReport(file, "sha-" + file, null, null);
		}, 10);

		List<Path> read = new ArrayList<>();
		reader.open(new ExecutionContext());
		try {
			for (Future<ImportedReport> item; (item = reader.read()) != null;) {
				read.add(ReadAheadReportReader.await(item).file());
			}
		}
		finally {
			reader.close();
		}

		assertThat(read).isEqualTo(files);
	}

	@Test
	void noMoreThanTheGivenNumberOfFilesIsReadBeforeTheStepAsksForThem() throws Exception {
		List<Path> files = IntStream.range(0, 100).mapToObj(i -> Path.of("report-" + i + ".json")).toList();
		AtomicInteger started = new AtomicInteger();
		ReadAheadReportReader reader = new ReadAheadReportReader(this.step, files, file -> {
			started.incrementAndGet();
			return null;
		}, 7);

		reader.open(new ExecutionContext());
		try {
			Future<ImportedReport> first = reader.read();
			ReadAheadReportReader.await(first);
			Thread.sleep(50);

			// the one asked for, and 7 ahead of it
			assertThat(started).hasValue(8);
		}
		finally {
			reader.close();
		}
	}

	@Test
	void aRefusedFileIsThrownWhereTheStepAwaitsIt() throws Exception {
		List<Path> files = List.of(Path.of("good.json"), Path.of("bad.json"));
		ReadAheadReportReader reader = new ReadAheadReportReader(this.step, files, file -> {
			if (file.toString().equals("bad.json")) {
				throw new ReportException("bad.json is not a scan report");
			}
			return new ImportedReport(file, "sha", null, null);
		}, 4);

		reader.open(new ExecutionContext());
		try {
			assertThat(ReadAheadReportReader.await(reader.read()).file()).isEqualTo(Path.of("good.json"));
			Future<ImportedReport> bad = reader.read();
			assertThatThrownBy(() -> ReadAheadReportReader.await(bad)).isInstanceOf(ReportException.class)
				.hasMessage("bad.json is not a scan report");
			assertThat(reader.read()).isNull();
		}
		finally {
			reader.close();
		}
	}

	@Test
	void workersRunInTheScopeOfTheStepAndEndWithTheReader() throws Exception {
		List<Path> files = IntStream.range(0, 20).mapToObj(i -> Path.of("report-" + i + ".json")).toList();
		List<Thread> workers = new CopyOnWriteArrayList<>();
		ReadAheadReportReader reader = new ReadAheadReportReader(this.step, files, file -> {
			workers.add(Thread.currentThread());
			StepExecution scope = StepSynchronizationManager.getContext().getStepExecution();
			return new ImportedReport(file, scope.getStepName(), null, null);
		}, 5);

		reader.open(new ExecutionContext());
		List<String> scopes = new ArrayList<>();
		for (Future<ImportedReport> item; (item = reader.read()) != null;) {
			scopes.add(ReadAheadReportReader.await(item).sha256());
		}
		reader.close();

		assertThat(scopes).hasSize(20).containsOnly("importScansStep");
		for (Thread worker : workers) {
			// The pool has terminated; a thread may still be on its way out.
			worker.join(5_000);
		}
		assertThat(workers).isNotEmpty().allSatisfy(worker -> assertThat(worker.isAlive()).isFalse());
	}

	@Test
	void aFileStillAwaitedWhenTheReaderClosesEndsInsteadOfWaitingForever() throws Exception {
		List<Path> files = IntStream.range(0, 10).mapToObj(i -> Path.of("report-" + i + ".json")).toList();
		CountDownLatch busy = new CountDownLatch(2);
		ReadAheadReportReader reader = new ReadAheadReportReader(this.step, files, file -> {
			busy.countDown();
			Thread.sleep(60_000);
			return null;
		}, 9);
		reader.open(new ExecutionContext());
		List<Future<ImportedReport>> read = new ArrayList<>();
		for (Future<ImportedReport> item; (item = reader.read()) != null;) {
			read.add(item);
		}
		busy.await();

		reader.close();

		// the two being read were interrupted, the eight never started were cancelled
		for (Future<ImportedReport> item : read) {
			assertThatThrownBy(() -> ReadAheadReportReader.await(item)).isInstanceOf(RuntimeException.class);
		}
	}

}
