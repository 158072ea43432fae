from projectoffice.portfolio.tests.conftest import portfolio

__all__ = ["portfolio"]
