#!/usr/bin/env bash
# Installs every system package autosmote needs to build and test, with apt-get.
# Idempotent: does nothing (and needs no root) when all packages are already present.
# `install-deps.sh fuzz` adds what `make fuzz` needs (clang with libFuzzer and its sanitizers),
# `install-deps.sh lint` what `make lint` needs (clang-format, clang-tidy).
set -euo pipefail

packages=(
  build-essential cmake
  libtorch-dev            # LibTorch (tensors, autograd, optimisers)
  libopenblas0-openmp     # fast BLAS for LibTorch (it falls back to a slow reference BLAS without it)
  libcli11-dev            # command-line parsing
  libfast-float-dev       # fast_float: correctly rounded number parsing in the CSV reader
  nlohmann-json3-dev      # JSON (model files, results)
  libgtest-dev            # GoogleTest
  libbenchmark-dev        # Google Benchmark
  libsvm-dev              # RBF SVM for svm-smote
  libxgboost-dev          # gradient boosting, the model xgboost (optional: built without it when absent)
  python3                 # the end-to-end CLI tests check JSON output with it
  pybind11-dev python3-dev python3-numpy python3-pandas python3-sklearn python3-imblearn python3-pytest  # the Python package and its tests
  python3-distributed     # the bench on a Dask cluster (python3 -m autosmote.distributed, docs/distributed.md)
)
if [ "${1:-}" = fuzz ]; then
  packages+=(
    clang                   # clang++ (clang 14 on Debian 12)
    libclang-rt-14-dev      # libFuzzer and clang's ASan/UBSan runtimes (only recommended by clang)
    libomp-dev              # OpenMP for clang (find_package(OpenMP))
  )
fi
if [ "${1:-}" = lint ]; then
  packages+=(clang-format clang-tidy)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: missing packages (${missing[*]}) and not root; install them with apt-get" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
