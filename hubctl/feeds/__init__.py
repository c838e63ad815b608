"""Published views of the listings: each a pure function of its input returning bytes."""
