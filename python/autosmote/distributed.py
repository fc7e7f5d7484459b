"""``autosmote bench`` on a Dask cluster (issue 17, docs/distributed.md).

    python3 -m autosmote.distributed --local 2 --data DATA --models ... --out DIR
    python3 -m autosmote.distributed --scheduler tcp://HOST:8786 --data DATA ... --out DIR

The grid is the C++ bench's: ``autosmote bench FLAGS --plan-json`` plans it (the cells with seeds
still to run, each as the arguments of ``autosmote bench-cell``) and runs nothing. Each cell becomes
one Dask task; the task runs ``autosmote bench-cell`` on its worker, into a temporary runs file of
that worker, and returns the lines it wrote. This client alone appends each task's lines to
``DIR/runs.csv`` as the task finishes, so ``runs.csv``, resuming and ``autosmote report DIR`` are
exactly those of ``autosmote bench``.

Faults: a worker that dies mid-cell loses that cell's task, which Dask runs again on another worker
(after it has killed ``distributed.scheduler.allowed-failures`` workers it is recorded as
"killed", which the next run retries); a cell whose process fails is recorded as an error by
``bench-cell --record-exit`` (the C++ text); an exception in a task is retried ``--retries`` times,
then recorded as an error; Ctrl-C (or SIGTERM) leaves ``runs.csv`` valid and the same command resumes.
The workers need the ``autosmote`` executable (``--autosmote``) and the datasets at the same paths as
this client (a shared file system), or ``--ship-data``: the client scatters each dataset file's bytes to
every worker once; ``bench-cell`` refuses a dataset whose content hash differs.
"""

import argparse
import csv
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def worker_folder():
    """The Dask worker's own folder, or None (the system's temporary folder) outside a worker. Dask removes
    it with the worker, or, after a kill, when a later worker on that machine starts."""
    from distributed import get_worker

    try:
        return get_worker().local_directory
    except ValueError:
        return None


def local_copy(arguments, data):
    """The cell's arguments with ``--data`` at this worker's copy of the shipped dataset bytes ``data``
    (``--ship-data``): written once per worker and dataset (named by the planner's content hash, under the
    worker's folder, atomically), then reused by every cell of that dataset on this worker."""
    arguments = list(arguments)
    at = arguments.index("--data") + 1
    content_hash = arguments[arguments.index("--hash") + 1]
    folder = os.path.join(worker_folder() or tempfile.gettempdir(), "autosmote-data", content_hash)
    path = os.path.join(folder, os.path.basename(arguments[at]))
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=folder, prefix=".partial-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(partial, path)
    arguments[at] = path
    return arguments


def run_cell(autosmote, arguments, data=None):
    """The task: run one cell on this worker; return its runs.csv lines (no header) and its exit code.
    ``data``: the dataset's bytes when the client ships them (``--ship-data``), else the cell reads its
    ``--data`` path.

    A cell whose process fails gets its unfinished seeds recorded by ``bench-cell --record-exit``.
    The cell runs without the MALLOC_TRIM_THRESHOLD_ a Dask nanny sets for its worker: glibc then
    trims the heap after every freed tensor, which made LibTorch's fits 1.4x slower (docs/distributed.md).
    """
    environment = {name: value for name, value in os.environ.items() if name != "MALLOC_TRIM_THRESHOLD_"}
    if data is not None:
        arguments = local_copy(arguments, data)
    fd, runs = tempfile.mkstemp(prefix="autosmote-cell-", suffix=".csv", dir=worker_folder())
    os.close(fd)
    log = runs[: -len(".csv")] + ".log"
    try:
        with open(log, "wb") as log_file:
            command = [autosmote, *arguments, "--runs", runs]
            code = subprocess.run(
                command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file, env=environment
            ).returncode
        if code != 0:
            record = [*command, "--record-exit", str(code), "--log", log]
            subprocess.run(record, stdin=subprocess.DEVNULL, check=True, capture_output=True)
        with open(runs, encoding="utf-8") as f:
            return f.read().split("\n", 1)[1] if os.path.getsize(runs) else "", code
    finally:
        for path in (runs, log):
            if os.path.exists(path):
                os.remove(path)


def failure_lines(autosmote, arguments, exit_code, message):
    """The lines the C++ bench records for a cell's seeds after a failure this client saw (``bench-cell
    --record-exit``): exit_code < 0 records them as "killed" (retried by the next run), else as errors
    with ``message``."""
    with tempfile.TemporaryDirectory(prefix="autosmote-failure-") as folder:
        runs, log = os.path.join(folder, "runs.csv"), os.path.join(folder, "cell.log")
        with open(log, "w", encoding="utf-8") as f:
            f.write(" ".join(message.split()) + "\n")
        command = [autosmote, *arguments, "--runs", runs, "--record-exit", str(exit_code), "--log", log]
        subprocess.run(command, stdin=subprocess.DEVNULL, check=True, capture_output=True)
        with open(runs, encoding="utf-8") as f:
            return f.read().split("\n", 1)[1]


def append_runs(path, header, text):
    """Append whole lines to runs.csv as the C++ bench does (append_bench_lines, eval/bench.h): under an
    exclusive flock, the header first into an empty file, a newline first after a line cut short."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        if size == 0:
            text = header + text
        elif os.pread(fd, 1, size - 1) != b"\n":
            text = "\n" + text
        data = text.encode("utf-8")
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def find_autosmote(given):
    """The autosmote executable: --autosmote, else $AUTOSMOTE_BIN, else the one beside the build folder's
    python/ package (build/autosmote), else autosmote on PATH; as an absolute path (the workers run it)."""
    build_folder_binary = os.path.join(os.path.dirname(__file__), "..", "..", "autosmote")
    for candidate in (given, os.environ.get("AUTOSMOTE_BIN"), build_folder_binary, shutil.which("autosmote")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    raise SystemExit("error: no autosmote executable: pass --autosmote PATH (a path every worker sees)")


def usage_error(message):
    """A wrong flag: one line on stderr, exit status 2 (as the C++ command line)."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def parse_arguments(argv):
    """This driver's flags, and the rest: the flags of ``autosmote bench``, handed to its planner."""
    parser = argparse.ArgumentParser(
        prog="python3 -m autosmote.distributed",
        allow_abbrev=False,
        description="Run `autosmote bench` on a Dask cluster; every other flag is a flag of `autosmote bench` "
        "(--data --models --samplers --seeds --protocol --scaling --out and the report's).",
    )
    parser.error = usage_error
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://HOST:8786)")
    where.add_argument("--local", type=int, metavar="N", help="start a LocalCluster of N worker processes (default)")
    parser.add_argument("--autosmote", help="the autosmote executable, at a path every worker sees")
    parser.add_argument("--threads", type=int, default=1, help="LibTorch threads of each cell (default 1)")
    parser.add_argument(
        "--ship-data", action="store_true",
        help="send each dataset file's bytes to every worker once (no shared file system needed for the data)",
    )  # fmt: skip
    parser.add_argument("--retries", type=int, default=1, help="reruns of a task that raised (default 1)")
    parser.add_argument("--progress-every", type=float, default=30.0, help="seconds between progress lines")
    parser.add_argument("--jobs", type=int, help=argparse.SUPPRESS)
    args, bench_flags = parser.parse_known_args(argv)
    if args.jobs is not None:
        parser.error("--jobs has no meaning here: the cluster's workers (--local N, dask worker) run the cells")
    if args.local is not None and args.local < 1:
        parser.error("--local needs at least one worker")
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    return args, bench_flags


def read_plan(autosmote, bench_flags, threads):
    """The C++ planner's plan (``autosmote bench --plan-json``); its one-line error ends the run."""
    import json

    command = [autosmote, "bench", *bench_flags, "--jobs", "1", "--threads", str(threads), "--plan-json"]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(done.returncode)
    return json.loads(done.stdout)


def start_client(args):
    """A Dask client of the scheduler given, or of a LocalCluster of --local (default: one per core)
    single-threaded worker processes on the loopback address."""
    import cloudpickle
    from distributed import Client, LocalCluster

    # The tasks travel by value: a worker needs python3-distributed and the executable, not this package.
    if __name__ != "__main__":
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    if args.scheduler:
        try:
            return Client(args.scheduler)
        except OSError as e:
            raise SystemExit(f"error: cannot reach the Dask scheduler at {args.scheduler}: {' '.join(str(e).split())}")
    workers = args.local or max(1, (os.cpu_count() or 1) // args.threads)
    # The workers start with SIGINT ignored (and so their cells): Ctrl-C at a terminal reaches the whole
    # process group, and this client alone handles it, closing the cluster with its workers.
    previous_sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
    finally:
        signal.signal(signal.SIGINT, previous_sigint)
    return Client(cluster)


def failed_runs(lines, status_column):
    """The seeds of a cell's lines that did not run ("error" or "killed")."""
    return len({row[5] for row in csv.reader(lines.splitlines()) if row[status_column] != "ok"})


def data_path(cell):
    """The dataset argument of a cell (a file path, or a synthetic:... spec)."""
    arguments = cell["arguments"]
    return arguments[arguments.index("--data") + 1]


def ship_datasets(client, cells):
    """--ship-data: each dataset file of the plan read once here and scattered to every worker (broadcast);
    a future of its bytes per path. Synthetic datasets are made by the cells themselves."""
    shipped = {}
    for path in dict.fromkeys(data_path(cell) for cell in cells):
        if os.path.isfile(path):
            with open(path, "rb") as f:
                shipped[path] = client.scatter(f.read(), broadcast=True, hash=False)
    return shipped


def run_plan(client, plan, autosmote, args):
    """Submit one task per cell and append each task's lines to runs.csv as it finishes; returns the
    number of cells the cluster cancelled (lost with the scheduler), which are not recorded."""
    from concurrent.futures import CancelledError

    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    cells = plan["cells"]
    header, runs_path = plan["header"], plan["runs"]
    status_column = header.rstrip("\n").split(",").index("status")
    shipped = ship_datasets(client, cells) if args.ship_data else {}
    futures = {}
    for i, cell in enumerate(cells):
        data = shipped.get(data_path(cell))
        future = client.submit(
            run_cell, autosmote, cell["arguments"], data, key=f"cell-{i}-{os.getpid()}-{time.time_ns()}",
            retries=args.retries, pure=False, priority=len(cells) - i,
        )
        futures[future] = cell
    done, failed, cancelled, started, last_line = plan["done"], 0, 0, time.monotonic(), 0.0
    for future in as_completed(futures):
        cell = futures.pop(future)
        try:
            lines, _ = future.result()
        except CancelledError:
            cancelled += 1
            continue
        except KilledWorker as e:
            print(f"note: the workers running a cell died ({e}); recorded as killed, the next run retries it",
                  file=sys.stderr)
            lines = failure_lines(autosmote, cell["arguments"], -signal.SIGKILL, str(e))
        except Exception as e:  # noqa: BLE001 - whatever a task raised is recorded as the cell's error
            lines = failure_lines(autosmote, cell["arguments"], 1, f"the Dask task failed: {type(e).__name__}: {e}")
        append_runs(runs_path, header, lines)
        done += len(cell["seeds"])
        failed += failed_runs(lines, status_column)
        now = time.monotonic() - started
        if not futures or now - last_line >= args.progress_every:
            print(f"bench: {done}/{plan['total']} runs done, {failed} failed, {now:.1f}s elapsed", file=sys.stderr)
            last_line = now
    return cancelled


def main(argv=None):
    """The command; returns its exit status (130 when interrupted)."""
    args, bench_flags = parse_arguments(sys.argv[1:] if argv is None else argv)
    autosmote = find_autosmote(args.autosmote)
    plan = read_plan(autosmote, bench_flags, args.threads)
    previous_sigterm = signal.signal(signal.SIGTERM, signal.default_int_handler)
    client = None
    try:
        client = start_client(args)
        workers = len(client.scheduler_info()["workers"])
        print(f"bench: {plan['total']} runs ({plan['done']} done before), {len(plan['cells'])} cells on "
              f"{workers} Dask worker(s) x {args.threads} thread(s)", file=sys.stderr)
        cancelled = run_plan(client, plan, autosmote, args)
    except KeyboardInterrupt:
        print(f"interrupted: finished runs are in {plan['runs']}; run the same command again to resume",
              file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)
        if client is not None:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    if cancelled:
        print(f"error: the cluster cancelled {cancelled} cell(s); finished runs are in {plan['runs']}; run the same "
              "command again to run the rest", file=sys.stderr)
        return 1
    return subprocess.run([autosmote, *plan["report_arguments"]], stdin=subprocess.DEVNULL).returncode


if __name__ == "__main__":
    sys.exit(main())
