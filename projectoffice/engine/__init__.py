"""The scheduling and optimisation engine: pure Python (NumPy, OR-Tools), no Django.

Modules: ``calendars`` (working time), ``network``/``cpm`` (critical path), ``leveling`` (resource levelling,
RCPSP), ``portfolio`` (selection optimiser), ``evm`` (earned value), ``formats`` (MSPDI, PSPLIB, OR-Library).
Django services translate database rows to these values and back.
"""
