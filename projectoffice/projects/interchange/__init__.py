"""Interchange of project plans: MS Project XML (MSPDI) and .mpp import, MSPDI export, Excel WBS, iCalendar."""
