from .catalogue import MONEY, Criterion, Program, Round

__all__ = ["MONEY", "Criterion", "Program", "Round"]
