"""The account list: who may sign in, with which roles, for administrators."""
