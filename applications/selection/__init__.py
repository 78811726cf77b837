"""Portfolio selection for a round: the candidates, the slate solver and its explanation in words."""
