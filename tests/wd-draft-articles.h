/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Articles written for the drafting tests (test-builtin.c, test-related.c):
 * two stories told by several publishers over time, and unrelated ones.
 * The places, people and companies are made up.
 *
 *   dam:    DAM_1 (first report) -> DAM_2 (follow-up) -> DAM_3 (latest)
 *   model:  MODEL_1 -> MODEL_2
 *   other:  FOOTBALL, GLASS, BEES (each the only story of its kind)
 */

typedef struct {
  const char *title;
  const char *url;
  const char *publisher;
  const char *text;
} WdTestArticle;

static const WdTestArticle DAM_1 = {
  "Crack in Lake Vorn dam forces evacuation of Eskfjord",
  "https://courier.example/news/vorn-dam-crack",
  "Northern Courier",
  "About 400 residents of Eskfjord were evacuated on Sunday night after engineers found a "
  "crack in the concrete wall of the Lake Vorn hydropower dam, the municipality said.\n\n"
  "The crack, roughly twelve metres long, was spotted during a routine inspection by "
  "Nordkraft Energy, which operates the dam and its power station. Water was seeping "
  "through the wall at a rate the company called small but rising.\n\n"
  "Mayor Ingrid Halvorsen said the evacuation was a precaution. \"We do not expect the dam "
  "to fail, but we will not take chances with people's lives,\" Ingrid Halvorsen told "
  "reporters at the village school, which has become a shelter for families.\n\n"
  "Nordkraft Energy said it had stopped the turbines and was lowering the reservoir by "
  "opening the spillway gates. The company said the dam, built in 1961, passed its last "
  "full safety review in 2019.\n\n"
  "The national water authority has sent its own engineers to the dam. Residents have been "
  "told they may not be able to return home for several days.",
};

static const WdTestArticle DAM_2 = {
  "Nordkraft Energy drains Lake Vorn reservoir as dam crack widens",
  "https://harbourtimes.example/2026/vorn-reservoir-drained",
  "Harbour Times",
  "Nordkraft Energy began draining the Lake Vorn reservoir on Tuesday after the crack in "
  "its dam above Eskfjord widened overnight, the company said.\n\n"
  "The crack in the concrete wall grew by about two centimetres, according to sensors "
  "installed by engineers from the national water authority. Nordkraft Energy said the "
  "spillway gates were fully open and the reservoir level was falling by half a metre a "
  "day.\n\n"
  "The 400 evacuated residents of Eskfjord remain in shelters and with relatives. Mayor "
  "Ingrid Halvorsen said the village had been promised daily briefings. \"People want to "
  "know when they can go home, and nobody can tell them yet,\" Ingrid Halvorsen said.\n\n"
  "Nordkraft Energy's chief engineer, Per Lund, said the dam was not at risk of sudden "
  "failure but that draining the reservoir was the safest way to relieve pressure on the "
  "cracked wall.\n\n"
  "Fishermen downstream have been warned about strong currents while the spillway is "
  "open.",
};

static const WdTestArticle DAM_3 = {
  "Frost damage caused Lake Vorn dam crack, inspectors say; Eskfjord residents return",
  "https://metrowire.example/stories/vorn-dam-frost",
  "Metro Wire",
  "Inspectors from the national water authority said on Friday that years of frost damage "
  "caused the crack in the Lake Vorn dam, and allowed the 400 evacuated residents of "
  "Eskfjord to return home.\n\n"
  "The report found that water had entered small joints in the concrete wall and frozen "
  "every winter, widening them until the wall cracked. The inspectors said the dam, which "
  "Nordkraft Energy operates, had not been checked for frost damage since 2019.\n\n"
  "Yesterday Ingrid Halvorsen, the mayor of Eskfjord, welcomed the families back at the "
  "village school. \"This week has been hard, but the dam is safe and the reservoir is "
  "almost empty,\" she said. Ingrid Halvorsen also asked for a public hearing on why the "
  "frost damage was missed.\n\n"
  "Meanwhile Nordkraft Energy said the repair of the cracked wall would take most of next "
  "year and cost about 300 million kroner. Nordkraft Energy’s power station on the dam "
  "will stay shut until the repair is finished, the company said.\n\n"
  "According to Technology Review, sensors that measure cracks in concrete could have "
  "warned the operator years earlier. The water authority said it would now require such "
  "sensors on every dam of the same age.\n\n"
  "Eskfjord is known for its summer folk festival, where fiddlers play on the pier and "
  "the bakery sells cardamom buns.",
};

static const WdTestArticle MODEL_1 = {
  "Kestrel Labs releases Osprey-7 language model trained on public-domain books",
  "https://sciencedesk.example/ai/osprey-7",
  "Science Desk",
  "Kestrel Labs, a research company in Lisbon, released a language model called Osprey-7 "
  "on Wednesday and said it was trained only on public-domain books and licensed "
  "newspaper archives.\n\n"
  "The company said Osprey-7 has seven billion parameters and matches larger models on "
  "reading comprehension tests. Kestrel Labs published the model's weights under an open "
  "licence, along with a list of the books in its training data.\n\n"
  "Chief executive Amara Okafor said the release showed that capable models do not need "
  "text scraped without permission. \"Authors deserve to know what a model has read,\" "
  "Amara Okafor said.\n\n"
  "Researchers who tested Osprey-7 said it wrote fluent English but struggled with "
  "arithmetic and with questions about recent events.",
};

static const WdTestArticle MODEL_2 = {
  "Authors question Kestrel Labs' claims about Osprey-7 training data",
  "https://ledger.example/tech/osprey-7-authors",
  "The Daily Ledger",
  "A group of authors said on Monday that Kestrel Labs' Osprey-7 language model can "
  "reproduce passages from novels still under copyright, casting doubt on the company's "
  "claim that it was trained only on public-domain books.\n\n"
  "The authors' guild published examples in which Osprey-7 continued opening lines of "
  "recent novels almost word for word. Kestrel Labs said it was investigating and that "
  "the passages might have come from quotations inside licensed newspaper archives.\n\n"
  "Amara Okafor, the chief executive of Kestrel Labs, said the company would publish a "
  "full audit of its training data within a month.\n\n"
  "Lawyers said the dispute could test how courts treat models whose training data is "
  "published in full.",
};

static const WdTestArticle FOOTBALL = {
  "Valparaiso Rovers sign goalkeeper Tomas Ibarra from Santiago club",
  "https://journal.example/sport/rovers-ibarra",
  "Le Journal",
  "Valparaiso Rovers have signed the goalkeeper Tomas Ibarra on a three-year contract, the "
  "club said on Thursday.\n\n"
  "Ibarra, 27, kept fourteen clean sheets last season for his former club in Santiago and "
  "was called up to the national squad in March. The fee was not disclosed, but local "
  "reports put it at about two million dollars.\n\n"
  "The Rovers finished fifth in the league last season and conceded more goals than any "
  "other team in the top half. Their coach said the new goalkeeper would start the "
  "opening match of the season against Coquimbo.\n\n"
  "Supporters welcomed the signing on social media, though some asked why the club had "
  "not also strengthened its defence.",
};

static const WdTestArticle GLASS = {
  "Murano glass museum reopens with restored chandeliers",
  "https://qreview.example/culture/murano-museum",
  "Quarterly Review",
  "The glass museum on the island of Murano reopened on Saturday after a two-year "
  "restoration of its eighteenth-century chandeliers.\n\n"
  "Restorers cleaned and repaired more than four thousand glass pieces, replacing broken "
  "arms with new ones blown in a workshop across the canal. The largest chandelier, with "
  "sixty arms, hangs again in the main hall.\n\n"
  "The museum also opened a room on the history of glass beads, which Murano workshops "
  "traded across Europe and Africa for centuries.\n\n"
  "Tickets cost twelve euros, and the museum is open every day except Wednesday.",
};

static const WdTestArticle BEES = {
  "Beekeepers near Gdansk report record honey harvest after warm spring",
  "https://courier.example/news/gdansk-honey",
  "Northern Courier",
  "Beekeepers in the villages around Gdansk collected more honey this summer than in any "
  "year since records began, their association said on Tuesday.\n\n"
  "A warm, dry spring meant that lime trees and rapeseed flowered early and for longer, "
  "giving the colonies weeks of extra foraging. Some beekeepers said their hives produced "
  "twice as much as last year.\n\n"
  "The association warned that prices could fall as the harvest reaches shops, and asked "
  "buyers to look for local labels.\n\n"
  "Beekeeping has grown in the region since a ban on some pesticides, and the association "
  "now counts more than six hundred members.",
};
