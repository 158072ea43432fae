"""Weekly status reports: the template's whitelist of fields (fields.py), the data read for one project
(content.py), and its renderings as HTML, PDF (reportlab) and XLSX (openpyxl) (render.py)."""
