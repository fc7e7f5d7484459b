"""The module _autosmote for `pip install .` (pyproject.toml holds the metadata): configures this
repository with CMake in build-pip/cmake (the interpreter running pip is the module's Python; extra
cmake flags come from the environment variable CMAKE_ARGS), builds the target _autosmote and places
it in the package. The pure-Python files come from python/autosmote."""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE = Path(__file__).parent.resolve()


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = SOURCE / "build-pip" / "cmake"
        configure = [
            "cmake",
            "-S", str(SOURCE),
            "-B", str(build),
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DAUTOSMOTE_BUILD_TESTS=OFF",
            "-DAUTOSMOTE_BUILD_BENCH=OFF",
            *shlex.split(os.environ.get("CMAKE_ARGS", "")),
        ]
        subprocess.run(configure, check=True)
        jobs = os.environ.get("JOBS", "2")
        subprocess.run(["cmake", "--build", str(build), "--target", "_autosmote", "-j", jobs], check=True)
        built = sorted((build / "python" / "autosmote").glob("_autosmote*.so"))
        if not built:
            sys.exit(f"setup.py: cmake did not build the module _autosmote (pybind11 and {sys.executable}'s headers?)")
        destination = Path(self.get_ext_fullpath(ext.name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[0], destination)


setup(ext_modules=[Extension("autosmote._autosmote", sources=[])], cmdclass={"build_ext": CMakeBuild})
