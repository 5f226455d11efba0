"""The monthly governance report: figures from the register, a Teams card, report.html and CSV."""
