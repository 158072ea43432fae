"""Readers and writers of interchange files (MSPDI, PSPLIB, OR-Library)."""
