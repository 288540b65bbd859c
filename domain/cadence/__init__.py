"""Cadence: "at least N per week / month / quarter" obligations, and how a dated log meets them.

Free of any feature's concepts, so assistance pairings, reserve-pool talks, trainings and party
meetings (三会一课) all ask the same pure function.
"""
