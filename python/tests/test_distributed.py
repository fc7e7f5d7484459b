"""``python3 -m autosmote.distributed`` on LocalClusters of 2 worker processes on 127.0.0.1 (issue 17,
docs/distributed.md): the metrics of ``autosmote bench --jobs 1`` (the driver's own --local cluster),
a worker killed mid-cell and a client interrupted and run again (a cluster of this test process, which
the driver reaches with --scheduler). Skipped without python3-distributed or the autosmote executable."""

import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest

distributed = pytest.importorskip("distributed", reason="no python3-distributed (scripts/install-deps.sh installs it)")
psutil = pytest.importorskip("psutil", reason="psutil (a dependency of python3-distributed) is not installed")

import autosmote  # noqa: E402
from autosmote.distributed import append_runs, run_cell  # noqa: E402

# Debian's distributed 2022.12 with its tornado: a deprecation inside LocalCluster, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")

BUILD_FOLDER_BINARY = os.path.join(os.path.dirname(autosmote.__file__), "..", "..", "autosmote")
AUTOSMOTE = os.environ.get("AUTOSMOTE_BIN") or BUILD_FOLDER_BINARY
if not os.access(AUTOSMOTE, os.X_OK):
    pytest.skip(f"no autosmote executable at {AUTOSMOTE} (set AUTOSMOTE_BIN)", allow_module_level=True)

DATA = "synthetic:n=300,d=5,weights=0.85/0.15,seed=1,synthetic:n=300,d=5,weights=0.9/0.1,seed=2"
# 2 datasets (and one that fails) x 3 samplers x 3 seeds; a cell lasts about a second.
GRID_FLAGS = ["--models", "mlp:epochs=40", "--samplers", "none,smote,random", "--seeds", "0-2"]
GRID_RUNS = 27


@pytest.fixture(scope="module")
def grid_data(tmp_path_factory):
    """DATA plus a CSV whose rare class has one row: its runs are recorded as errors."""
    folder = tmp_path_factory.mktemp("data")
    tiny = folder / "tiny.csv"
    tiny.write_text("a,b,class\n" + "".join(f"{i},{i % 7},no\n" for i in range(30)) + "5,5,yes\n")
    return f"{DATA},{tiny}"


@pytest.fixture(scope="module")
def reference(grid_data, tmp_path_factory):
    """The metrics of ``autosmote bench --jobs 1`` on the grid."""
    out = tmp_path_factory.mktemp("reference")
    command = [AUTOSMOTE, "bench", "--data", grid_data, *GRID_FLAGS, "--out", str(out), "--jobs", "1", "--threads", "1"]
    subprocess.run(command, check=True, capture_output=True)
    return metrics(out / "runs.csv")


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 single-threaded worker processes, shared by the tests that use --scheduler."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local_cluster:
        yield local_cluster


def metrics(runs_csv):
    """runs.csv less its timing columns, as sorted lines (what must not depend on where cells run)."""
    with open(runs_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    keep = [k for k in rows[0] if not k.endswith("_seconds")]
    return sorted(",".join(row[k] for k in keep) for row in rows)


def run_keys(runs_csv):
    """The (data_hash, model, sampler, protocol, seed) of every line."""
    with open(runs_csv, newline="") as f:
        return [(r["data_hash"], r["model"], r["sampler"], r["protocol"], r["seed"]) for r in csv.DictReader(f)]


def driver(grid_data, out, cluster=None):
    """The driver's command line: on `cluster`, else on a LocalCluster of 2 workers of its own."""
    where = ["--scheduler", cluster.scheduler_address] if cluster else ["--local", "2"]
    flags = [*where, "--autosmote", AUTOSMOTE, "--data", grid_data, *GRID_FLAGS, "--out", str(out)]
    return [sys.executable, "-m", "autosmote.distributed", *flags]


def data_lines(runs_csv):
    return max(0, len(runs_csv.read_text().splitlines()) - 1) if runs_csv.exists() else 0


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_local_cluster_gives_the_metrics_of_bench_jobs_1(grid_data, reference, tmp_path):
    done = subprocess.run(driver(grid_data, tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert metrics(tmp_path / "runs.csv") == reference
    assert sum(",error," in line for line in reference) == 9  # the failing dataset's runs, recorded as bench does
    assert (tmp_path / "report.md").exists() and "on 2 Dask worker(s)" in done.stderr


def test_a_worker_killed_mid_cell_loses_only_that_cell(grid_data, reference, cluster, tmp_path):
    command = driver(grid_data, tmp_path, cluster)
    client = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def running_cell():
        """A bench-cell process under a worker of the cluster, and that worker."""
        for process in psutil.Process().children(recursive=True):
            try:
                if "bench-cell" in process.cmdline():
                    return process, process.parent()
            except psutil.NoSuchProcess:
                continue
        return None

    wait_for(lambda: running_cell() is not None or client.poll() is not None, "a running cell")
    found = running_cell()
    assert found is not None, "the grid ended before a cell ran"
    cell, worker = found
    worker.kill()
    worker.wait(10)
    cell.wait(10)  # the cell dies with its worker (PR_SET_PDEATHSIG)
    assert not worker.is_running() and not cell.is_running()
    _, stderr = client.communicate(timeout=120)
    assert client.returncode == 0, stderr
    keys = run_keys(tmp_path / "runs.csv")
    assert len(keys) == len(set(keys)) == GRID_RUNS
    assert metrics(tmp_path / "runs.csv") == reference


def test_an_interrupted_client_resumes_without_redoing_finished_cells(grid_data, reference, cluster, tmp_path):
    runs = tmp_path / "runs.csv"
    command = driver(grid_data, tmp_path, cluster)
    client = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: data_lines(runs) >= 3 or client.poll() is not None, "a finished cell")
    client.send_signal(signal.SIGINT)
    _, stderr = client.communicate(timeout=60)
    assert client.returncode == 130, stderr
    assert "run the same command again to resume" in stderr
    before = runs.read_text()
    finished = data_lines(runs)
    assert 3 <= finished < GRID_RUNS

    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"({finished} done before)" in done.stderr
    assert runs.read_text().startswith(before)
    keys = run_keys(runs)
    assert len(keys) == len(set(keys)) == GRID_RUNS
    assert metrics(runs) == reference


def test_append_runs_writes_the_header_once_and_keeps_a_cut_line_apart(tmp_path):
    runs = tmp_path / "runs.csv"
    append_runs(runs, "h\n", "a\n")
    append_runs(runs, "h\n", "b\n")
    with open(runs, "a") as f:
        f.write("cut")  # a line cut short, as by a kill mid-write
    append_runs(runs, "h\n", "c\n")
    assert runs.read_text() == "h\na\nb\ncut\nc\n"


def test_a_cell_runs_without_the_nannys_malloc_trim_threshold(tmp_path, monkeypatch):
    """Under the Dask nanny's MALLOC_TRIM_THRESHOLD_=65536, LibTorch fits take 1.4x as long."""
    fake = tmp_path / "autosmote"
    # writes the variable it sees into its last argument, the cell's runs file
    script = 'for last; do :; done\nprintf "header\\nMALLOC=%s\\n" "${MALLOC_TRIM_THRESHOLD_-unset}" >"$last"\n'
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(0o755)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    assert run_cell(str(fake), ["bench-cell"]) == ("MALLOC=unset\n", 0)


def test_jobs_is_a_one_line_error_naming_the_workers(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "autosmote.distributed", "--autosmote", AUTOSMOTE, "--local", "1", "--jobs", "2",
         "--data", DATA, *GRID_FLAGS, "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--jobs has no meaning here" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def csv_data(tmp_path_factory):
    """A CSV dataset of 160 rows (a 20% rare class)."""
    folder = tmp_path_factory.mktemp("csv")
    path = folder / "blobs.csv"
    rows = [f"{(i * 37) % 101 / 10 + (4 if i % 5 == 0 else 0)},{(i * 53) % 89 / 10},{'yes' if i % 5 == 0 else 'no'}"
            for i in range(160)]  # fmt: skip
    path.write_text("a,b,class\n" + "\n".join(rows) + "\n")
    return path


def csv_flags(data, out):
    return ["--data", str(data), "--models", "mlp:epochs=20", "--samplers", "none,smote", "--seeds", "0-1",
            "--out", str(out)]  # fmt: skip


def test_ship_data_gives_the_metrics_of_bench_on_a_csv(csv_data, cluster, tmp_path):
    subprocess.run([AUTOSMOTE, "bench", *csv_flags(csv_data, tmp_path / "bench"), "--jobs", "1"], check=True,
                   capture_output=True)  # fmt: skip
    command = [sys.executable, "-m", "autosmote.distributed", "--scheduler", cluster.scheduler_address,
               "--autosmote", AUTOSMOTE, "--ship-data", *csv_flags(csv_data, tmp_path / "dask")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    reference = metrics(tmp_path / "bench" / "runs.csv")
    assert len(reference) == 4 and all(",ok," in line for line in reference)
    assert metrics(tmp_path / "dask" / "runs.csv") == reference


def test_a_shipped_dataset_is_written_once_and_read_from_the_workers_copy(csv_data, tmp_path, monkeypatch):
    """run_cell with the bytes: the cell needs no file at the client's path; the copy is made once."""
    plan = subprocess.run([AUTOSMOTE, "bench", *csv_flags(csv_data, tmp_path / "out"), "--plan-json"],
                          check=True, capture_output=True, text=True)  # fmt: skip
    cell = json.loads(plan.stdout)["cells"][0]
    arguments = list(cell["arguments"])
    arguments[arguments.index("--data") + 1] = str(tmp_path / "not-here" / "blobs.csv")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "worker"))
    lines, code = run_cell(AUTOSMOTE, arguments, csv_data.read_bytes())
    assert code == 0 and lines.count(",ok,") == 2, lines
    copies = list((tmp_path / "worker" / "autosmote-data").glob("*/blobs.csv"))
    assert len(copies) == 1 and copies[0].read_bytes() == csv_data.read_bytes()
    copies[0].write_bytes(b"a,b,class\n")  # a second cell reuses the copy (and the hash check reads it)
    lines, code = run_cell(AUTOSMOTE, arguments, csv_data.read_bytes())
    assert "content hash differs" in lines
    # Without the bytes the cell reads --data, which is not there: an error line, not a crash.
    lines, code = run_cell(AUTOSMOTE, arguments)
    assert code != 0 and lines.count(",error,") == 2
