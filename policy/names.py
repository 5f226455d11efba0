"""Word lists for recognising people's names in posts.

Common first names across generations in England (lower case). A name is only treated as a person
when it comes with a surname, an age or a courtesy title, so the list can be broad.
"""

from __future__ import annotations

FIRST_NAMES = frozenset(
    """
    aaron abdul abigail adam adrian agnes ahmed aidan alan albert alex alexander alfie alice alison
    amanda amelia amir amy andrea andrew angela ann anna anne annie anthony archie arthur ashley
    barbara barry ben benjamin bernard beryl beth bethany betty bill billy bob brenda brian bridget
    callum carl carol caroline catherine charles charlie charlotte chloe chris christine christopher
    claire colin connor craig daisy daniel danny darren david dawn dean deborah debbie denise dennis
    derek diane donna doreen doris dorothy duncan dylan edith edward eileen elaine eleanor elizabeth
    ella ellie elsie emily emma eric ethan evelyn evie fatima fiona florence frank freddie freya gail
    gareth gary gavin gemma george georgia gillian glenn gordon graham greg hannah harold harriet harry
    harvey hayley hazel heather helen henry hilda holly ian imran irene isaac isabel isabella isla ivy
    jack jackie jacob jake james jamie jan jane janet janice jason jean jeff jennifer jenny jessica jill
    jim jimmy joan joanne joe john jonathan joseph josh joshua joyce judith julie june kaitlyn karen
    kate katherine kathleen kathryn katie kayleigh keith kelly kevin kieran kim kirsty laura lauren
    leah lee leo leon lesley lewis liam lily linda lisa logan lola louis louise lucy luke lynn lynne
    maisie malcolm margaret maria marie marion mark martin mary matthew maureen megan melanie mia
    michael michelle mildred millie mohammed mohammad molly muhammad nancy natalie nathan neil nicola
    nicholas nigel noah norman olive oliver olivia oscar owen pamela patricia patrick paul pauline
    peggy peter philip phillip phoebe poppy rachel raymond rebecca reece rhys richard rita robert
    robin roger ronald ruby russell ruth ryan sally samantha samuel sandra sarah scott sean shannon
    sharon sheila shirley simon sophie stacey stanley stephanie stephen steve steven stuart susan
    suzanne sylvia terence teresa terry theo thomas tim timothy tina toby tom tommy tony tracey
    tracy trevor valerie vera victoria vincent violet wayne wendy william yvonne zara zoe
    """.split()
)

# Titles that name a member of staff rather than a patient.
STAFF_TITLES = frozenset({"Nurse", "Dr", "Doctor", "Sister", "Matron", "Prof", "Professor"})

# Capitalised words that follow a first name in place names rather than surnames ("Rose Ward").
PLACE_WORDS = frozenset(
    {"Ward", "Unit", "Centre", "Center", "Clinic", "Hospital", "Street", "Road", "House", "Wing", "Suite"}
)
