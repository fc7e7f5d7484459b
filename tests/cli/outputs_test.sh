#!/usr/bin/env bash
# End-to-end tests (issue 10). Usage: outputs_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

finish "outputs"
