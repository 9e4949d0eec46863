"""Installing the package copies the public headers beside it (cffi reads the C
declarations from them at import); everything else is in pyproject.toml."""

import glob
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithHeaders(build_py):
    def run(self):
        super().run()
        headers = glob.glob(os.path.join(HERE, "..", "include", "normsim", "*.h"))
        target = os.path.join(self.build_lib, "normsim", "include", "normsim")
        os.makedirs(target, exist_ok=True)
        for h in headers:
            shutil.copy(h, target)


setup(cmdclass={"build_py": BuildWithHeaders})
