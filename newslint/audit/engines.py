"""Where an audit's articles are linted: here, in the process pool ``check`` uses
(``runner.run_files``), or on a Dask cluster. Both run the same pure function
(``lint.lint_article``) on the same tasks and give results in the order of the tasks, so their
output is the same row for row.

A task is ``(path, bytes or the error met reading them, config reference, ruleset version)``:
the bytes travel with it, so a cluster's workers need no access to the archive, only
newslint and the config's files (bundled rulesets ship with newslint).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from newslint.runner import FileResult

Task = tuple  # (path, bytes | Exception, config reference, ruleset version)
Result = tuple  # (article row, [finding rows])


@dataclass
class Batch:
    number: int
    key: str
    tasks: list[Task]


def lint_tasks(tasks: list[Task], input_format: str | None) -> list[Result]:
    """The results of a list of tasks: what a Dask task runs."""
    from newslint.audit.lint import lint_article

    return [lint_article(path, data, ref, version, input_format)
            for path, data, ref, version in tasks]


class LocalEngine:
    """``check``'s process pool: workers forked for each batch inherit the rulesets the parent
    compiled and the batch's bytes, so neither is sent to them."""

    def __init__(self, jobs: int, input_format: str | None):
        self.jobs, self.input_format = jobs, input_format

    def run(self, batches: Iterator[Batch], step: Callable[[int], None]):
        from newslint.runner import run_files

        global _tasks
        for batch in batches:
            _tasks = batch.tasks  # forked workers inherit it
            indices = [str(i) for i in range(len(batch.tasks))]
            results = []
            for result in run_files(self._lint_one, indices, self.jobs):
                results.append(result.linted if isinstance(result, _Linted)
                               else self._died(result))
                step(1)
            _tasks = []
            yield batch, results

    def _lint_one(self, index: str) -> FileResult:
        from newslint.audit.lint import lint_article

        path, data, ref, version = _tasks[int(index)]
        return _Linted(index, linted=lint_article(path, data, ref, version, self.input_format))

    def _died(self, result: FileResult) -> Result:
        """The result of a task whose worker died (``run_files`` named it by its index)."""
        from newslint.audit.lint import error_row

        path, _, _, version = _tasks[int(result.path)]
        message = (result.error or "").partition(": ")[2] or "internal error"
        return error_row(path, f"{path}: {message}", version, True, self.input_format), []

    def close(self, wait: bool = True) -> None:
        pass


_tasks: list[Task] = []


@dataclass
class _Linted(FileResult):
    linted: Result | None = None


class DaskEngine:
    """A Dask cluster: the scheduler at ``address``, or a ``LocalCluster`` of ``jobs`` worker
    processes on this machine, started in the background while the first batch is read."""

    # Bytes of articles per task, at most: large enough that a task is worth scheduling,
    # small enough to spread a batch over the workers.
    TASK_BYTES = 4_000_000

    def __init__(self, address: str | None, jobs: int, input_format: str | None):
        from concurrent.futures import ThreadPoolExecutor

        self.address, self.jobs, self.input_format = address, jobs, input_format
        self.cluster = None
        self._closing = None
        self._starting = ThreadPoolExecutor(1)
        self._client = self._starting.submit(self._connect)

    def _connect(self):
        import logging
        import multiprocessing

        import dask
        from distributed import Client, LocalCluster

        if self.address:
            return Client(self.address, timeout="10s")
        # Workers are never forked from this process: it runs threads (Dask's event loop, this
        # one), and a worker forked while one of them held a lock (a logging handler's) waited
        # on it for ever. A fork server (one fresh process, Dask imported once, no threads)
        # starts them faster than spawning an interpreter for each.
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        with dask.config.set({"distributed.worker.multiprocessing-method": method}):
            self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1,
                                        processes=True, dashboard_address=None,
                                        silence_logs=logging.ERROR)
        return Client(self.cluster)

    @property
    def client(self):
        from newslint.errors import UsageError

        try:
            return self._client.result()
        except Exception as error:  # no scheduler there, a refused connection, no workers
            what = (f"reach the Dask scheduler at {self.address}" if self.address
                    else "start a Dask LocalCluster")
            raise UsageError(f"cannot {what}: {type(error).__name__}: {error}") from None

    def _chunks(self, tasks: list[Task], workers: int) -> list[list[Task]]:
        """The batch cut into tasks for the cluster: four per worker, or fewer bytes each."""
        per_task = max(1, -(-len(tasks) // (4 * workers)))
        chunks, chunk, size = [], [], 0
        for task in tasks:
            length = len(task[1]) if isinstance(task[1], bytes) else 0
            if chunk and (len(chunk) == per_task or size + length > self.TASK_BYTES):
                chunks.append(chunk)
                chunk, size = [], 0
            chunk.append(task)
            size += length
        if chunk:
            chunks.append(chunk)
        return chunks

    def run(self, batches: Iterator[Batch], step: Callable[[int], None]):
        client = self.client
        workers = max(1, sum(client.nthreads().values()))
        # One batch is computed while the one before it is collected and written.
        pending = []
        for batch in batches:
            chunks = self._chunks(batch.tasks, workers)
            futures = [client.submit(lint_tasks, chunk, self.input_format, pure=False)
                       for chunk in chunks]
            pending.append((batch, chunks, futures))
            if len(pending) > 1:
                yield self._collect(*pending.pop(0), step)
        while pending:
            yield self._collect(*pending.pop(0), step)

    def _collect(self, batch: Batch, chunks, futures, step) -> tuple[Batch, list[Result]]:
        from newslint.audit.lint import error_row

        results = []
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                results.extend(future.result())
            except Exception as error:  # the worker died (KilledWorker) or could not unpickle
                detail = f"{type(error).__name__}: {error}"
                results.extend((error_row(path, f"{path}: internal error: the Dask worker "
                                          f"linting it failed ({detail[:300]})", version, True,
                                          self.input_format), [])
                               for path, _, _, version in chunk)
            future.release()
            step(len(chunk))
        return batch, results

    def close(self, wait: bool = True) -> None:
        """Stop the client and the LocalCluster; ``wait=False`` only starts stopping them
        (they take a second, which the tables and the report can use)."""
        if self._closing is None:
            self._closing = self._starting.submit(self._stop)
        if wait:
            self._closing.result()
            self._starting.shutdown()

    def _stop(self) -> None:
        try:
            client = self._client.result()
        except Exception:  # it never started: nothing to stop
            return
        client.close()
        if self.cluster is not None:
            self.cluster.close()
