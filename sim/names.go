package sim

// Word lists the simulator draws names, handles and texts from.

var firstNames = []string{
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
	"David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
	"Chris", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
	"Paul", "Ashley", "Steven", "Kim", "Andrew", "Emily", "Josh", "Donna", "Kevin", "Michelle",
	"Brian", "Carol", "George", "Amanda", "Tim", "Melissa", "Ron", "Deborah", "Jason", "Stephanie",
	"Ryan", "Rebecca", "Jacob", "Laura", "Gary", "Sharon", "Nick", "Cynthia", "Eric", "Kathleen",
	"Maria", "Jose", "Carlos", "Lucia", "Sofia", "Diego", "Ana", "Luis", "Elena", "Pablo",
	"Anna", "Ivan", "Olga", "Dmitri", "Natalia", "Sergei", "Irina", "Alexei", "Yulia", "Nikolai",
	"Mohammed", "Fatima", "Omar", "Aisha", "Ali", "Layla", "Yusuf", "Mariam", "Hassan", "Noor",
	"Wei", "Mei", "Jun", "Yuki", "Hiro", "Min", "Ji", "Seo", "Priya", "Arjun",
	"Emma", "Noah", "Olivia", "Liam", "Ava", "Ethan", "Mia", "Lucas", "Chloe", "Leo",
	"Hannah", "Jonas", "Lea", "Felix", "Clara", "Paul", "Ines", "Hugo", "Zoe", "Max",
}

var lastNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
	"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
	"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
	"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
	"Ivanova", "Petrov", "Smirnova", "Kuznetsov", "Popova", "Volkov", "Sokolova", "Lebedev", "Kozlova", "Novikov",
	"Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
	"Khan", "Ahmed", "Hussain", "Rahman", "Chen", "Wang", "Zhang", "Liu", "Kim", "Park",
	"Tanaka", "Suzuki", "Sato", "Patel", "Sharma", "Singh", "Rossi", "Russo", "Dubois", "Moreau",
}

var handleWords = []string{
	"sun", "moon", "star", "river", "coffee", "pizza", "tiger", "wolf", "fox", "bear",
	"blue", "red", "green", "golden", "silver", "happy", "lazy", "crazy", "little", "big",
	"music", "guitar", "drum", "jazz", "rock", "soul", "code", "dev", "data", "pixel",
	"travel", "wander", "roam", "hike", "surf", "skate", "bike", "run", "yoga", "chef",
	"book", "reader", "writer", "poet", "artist", "photo", "film", "movie", "gamer", "geek",
	"soccer", "hoops", "baseball", "hockey", "fan", "lover", "mama", "papa", "doc", "nurse",
	"teacher", "prof", "lawyer", "farmer", "garden", "plant", "cat", "dog", "bird", "owl",
	"the", "real", "just", "its", "mr", "mrs", "miss", "sir", "captain", "king",
}

var organicDescriptions = []string{
	"", "", "", "Dad. Husband. Coffee first.", "Mom of two | runner | coffee addict",
	"Software engineer. Opinions my own.", "Nurse. Dog person. Tired.", "Teacher 📚 | Views are my own",
	"Just here for the memes", "Photographer based in %s", "Football, food and family",
	"Reader of books, drinker of tea", "Grad student studying stuff", "Small business owner",
	"Musician 🎸 new album out now", "Retired and loving it", "Gamer | streamer | night owl",
	"she/her | plant mom 🌱", "he/him | cyclist", "Proud veteran 🇺🇸", "Living my best life",
	"Tech, politics and bad jokes", "Journalist (former). Now I garden.", "Sports fan. Always.",
	"Nature lover 🌲", "Writing a novel, slowly", "Foodie. Traveler. %s", "Engineer by day, chef by night",
}

var locationsByTZ = map[int][]string{
	-8: {"Los Angeles, CA", "Seattle, WA", "San Francisco, CA", "Portland, OR", "California, USA", ""},
	-7: {"Denver, CO", "Phoenix, AZ", "Salt Lake City, UT", ""},
	-6: {"Chicago, IL", "Houston, TX", "Dallas, TX", "Texas", ""},
	-5: {"New York, NY", "Washington, DC", "Boston, MA", "Atlanta, GA", "Florida, USA", "NYC", ""},
	0:  {"London, England", "Manchester", "Dublin, Ireland", "UK", "Lisbon", ""},
	1:  {"Berlin, Germany", "Paris, France", "Madrid", "Roma, Lazio", "Amsterdam", ""},
	2:  {"Athens", "Kyiv", "Helsinki", "Cairo", ""},
	3:  {"Moscow", "Istanbul", "Riyadh", "Nairobi", ""},
	5:  {"Karachi", "Tashkent", ""},
	8:  {"Singapore", "Manila", "Hong Kong", "Perth", "Kuala Lumpur", ""},
	9:  {"Seoul, Korea", "Tokyo, Japan", "Busan", ""},
}

var clients = []struct{ name, href string }{
	{"Twitter for iPhone", "http://twitter.com/download/iphone"},
	{"Twitter for Android", "http://twitter.com/download/android"},
	{"Twitter Web App", "https://mobile.twitter.com"},
	{"Twitter Web Client", "http://twitter.com"},
	{"TweetDeck", "https://about.twitter.com/products/tweetdeck"},
	{"Twitter for iPad", "http://twitter.com/#!/download/ipad"},
	{"Hootsuite Inc.", "https://www.hootsuite.com"},
	{"Buffer", "https://buffer.com"},
	{"IFTTT", "https://ifttt.com"},
	{"dlvr.it", "https://dlvr.it"},
	{"Sprout Social", "https://sproutsocial.com"},
	{"SocialFlow", "http://www.socialflow.com"},
	{"Globus Reader", "https://globus24.net/app"},
}

// Client indices.
const (
	cIPhone = iota
	cAndroid
	cWebApp
	cWebClient
	cTweetDeck
	cIPad
	cHootsuite
	cBuffer
	cIFTTT
	cDlvr
	cSprout
	cSocialFlow
	cGlobusReader
)

var topics = []string{
	"the game last night", "this weather", "my commute", "the new iPhone", "Monday mornings",
	"the debate", "the election", "coffee prices", "my cat", "the season finale", "the traffic",
	"this playlist", "the new Star Wars trailer", "Halloween costumes", "Thanksgiving plans",
	"the impeachment hearings", "climate change", "the Brexit vote", "the World Series",
	"my garden", "this recipe", "the new album", "working from home", "the school board meeting",
	"the price of rent", "college football", "the Premier League", "my fantasy team", "the concert",
	"Black Friday deals", "the first snow", "the NBA season", "the royal family", "the stock market",
}

var openers = []string{
	"Honestly", "Can't believe", "So", "Ok but", "Thinking about", "Nobody talks about", "Still mad about",
	"Loving", "Not sure about", "Hot take:", "Reminder:", "Wow.", "lol", "Ugh,", "Finally!", "Anyone else obsessed with",
}

var closers = []string{
	"", "", "😂", "🙄", "!!", "...", "smh", "what a time", "thoughts?", "i'm done", "👏👏", "❤️", "🔥", "so good",
	"never again", "send help", "love it", "can't wait", "is it just me?",
}

var hashtagsOrganic = []string{
	"MondayMotivation", "NFL", "NBA", "WorldSeries", "Halloween", "Thanksgiving", "Brexit", "ClimateStrike",
	"GameOfThrones", "StarWars", "BlackFriday", "FridayFeeling", "ThrowbackThursday", "coffee", "travel",
	"photography", "music", "MUFC", "Impeachment", "Election2020", "DemDebate", "tbt", "love", "fitness",
}

var replyTexts = []string{
	"haha exactly", "this is so true", "I disagree tbh", "wait what?", "same here", "lol no", "100%",
	"where did you get that?", "congrats!!", "so sorry to hear that", "omg yes", "you're not wrong",
	"that's wild", "source?", "thank you for sharing this", "love this", "agreed", "hard disagree",
	"can confirm", "this made my day", "I was there too!", "not again 😩", "happy birthday!!", "same",
}

var newsDomains = []string{
	"nytimes.com", "cnn.com", "foxnews.com", "bbc.co.uk", "reuters.com", "apnews.com", "washingtonpost.com",
	"theguardian.com", "youtube.com", "instagram.com", "medium.com", "espn.com", "nbcnews.com", "npr.org",
}

var personalURLHosts = []string{"instagram.com/%s", "linktr.ee/%s", "%s.wordpress.com", "youtube.com/c/%s", "medium.com/@%s", "%s.com", "github.com/%s", "soundcloud.com/%s"}

var globusSlogans = []string{
	"The Globus tells the truth they hide from you. #GlobusTruth",
	"Read it before they delete it 👇 #TheGlobus",
	"They are lying to you. The Globus is not. #WakeUp",
	"Independent news, no censorship. Follow @TheGlobus",
	"The mainstream media won't report this. #GlobusTruth",
	"Share before it disappears! #TheGlobus #FreeSpeech",
}

var globusTopics = []string{
	"Secret deal exposed", "What they won't tell you about the summit", "Leaked documents show",
	"The real story behind the protests", "Who profits from the sanctions?", "Officials silent as",
	"Exclusive: insiders reveal", "The truth about the election", "Western media ignores",
	"Why the crisis was planned", "Analysis: the hidden agenda of", "BREAKING: new evidence on",
}

var globusSubjects = []string{
	"the sanctions", "the pipeline deal", "the NATO summit", "the border crisis", "the central bank", "the election commission",
	"the refugee camps", "the energy prices", "the opposition leader", "the foreign ministry", "the oil contracts", "the protests in the capital",
	"the Western embassies", "the vaccine program", "the media blackout", "the trade war",
}

var newsHeadlines = []string{
	"Markets rally as trade talks resume", "Storm forces thousands to evacuate", "Senate votes on spending bill",
	"New study links diet to heart health", "Wildfire spreads across hillside communities",
	"Officials announce investigation into", "Tech giant unveils new phone", "Central bank holds rates steady",
	"Protests continue for third week", "Scientists discover new species in", "Court rules on landmark case",
	"Election officials prepare for", "Hurricane makes landfall near", "Jobs report beats expectations",
	"President meets foreign leaders at summit", "Airline grounds fleet after", "Vaccine trial shows promise",
}

var spamTemplates = []string{
	"🔥 %s deal: get %s at %d%% off today only! Limited stock 👉",
	"You won't believe this %s trick. %s users are going crazy 😱",
	"Make $%d a day from home with %s. Start now ➡️",
	"FREE %s giveaway!! Retweet + follow to win %s 🎁",
	"Only %d left! Best %s prices online, %s shipping",
}

var spamWords = []string{"crypto", "weight loss", "iPhone", "sneakers", "VPN", "casino", "forex", "keto", "supplements", "gift card", "followers", "bitcoin"}

var spamDomains = []string{"mega-deals24.xyz", "bestprice-now.top", "cryptoprofit-daily.club", "ketoslim-offer.site", "win-free-gift.info"}

var campaignTowns = []string{
	"Springfield", "Riverside", "Franklin", "Greenville", "Bristol", "Clinton", "Fairview", "Salem", "Madison", "Georgetown",
	"Arlington", "Ashland", "Dover", "Oxford", "Jackson", "Burlington", "Manchester", "Milton", "Newport", "Auburn",
	"Dayton", "Lexington", "Milford", "Winchester", "Clayton", "Hudson", "Kingston", "Mount Vernon", "Centerville", "Marion",
}

var campaignKinds = []struct{ handle, name string }{
	{"PD", "Police Department"}, {"Sheriff", "Sheriff's Office"}, {"Health", "Health Department"},
	{"Rx", "Community Pharmacy"}, {"Coalition", "Prevention Coalition"}, {"Hospital", "Regional Hospital"},
	{"FireDept", "Fire Department"}, {"Schools", "Public Schools"}, {"PublicHealth", "Public Health"},
}

var campaignTexts = []string{
	"Today is #%s %s Drop off your unused or expired prescription medications at %s from 10am-2pm. No questions asked. %s",
	"It's #%s! %s Safely dispose of unused prescription drugs at %s today, 10am to 2pm. Find a site: %s",
	"Clean out your medicine cabinet! #%s %s Bring unused medications to %s until 2pm today. %s",
	"#%s is today %s Help prevent misuse: drop off old prescriptions at %s, 10am-2pm. %s",
}

var fandomTexts = []string{
	"I can't stop listening to the new single 😭💜", "the vocals in this live performance!!", "STREAM STREAM STREAM",
	"who else is going to the concert next month?", "this photo lives rent free in my head", "crying at the fan meeting clips",
	"they really said album of the year", "happy anniversary to the best group ever 💜", "voting every day until the awards",
	"the choreography in the new MV 🔥", "goodnight everyone, see you at the comeback", "my bias wrecker strikes again",
}

var idolTexts = []string{
	"Thank you for waiting! New single out now 💜", "Rehearsal day ✨", "See you at the stage tonight!",
	"Behind the scenes from the MV shoot 🎬", "Our fans are the best. Thank you Lunarians 💜", "Good morning! Have a great day",
	"Tour dates announced! Check the link", "Happy to be back 🌙",
}

var targetTexts = []string{
	"The real numbers behind today's market move 📈", "Why everyone is wrong about the coin rally",
	"My prediction for next week. Save this tweet.", "Thread: 5 signals the crash is coming 🧵",
	"Huge news coming. Stay tuned 🚀", "They laughed at me last year. Who's laughing now?",
}
