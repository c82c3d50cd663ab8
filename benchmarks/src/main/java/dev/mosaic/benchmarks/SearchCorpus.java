package dev.mosaic.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Synthetic chat text for the search benchmark: sentences built from templates and a vocabulary of
 * about 2,500 English words, each word class drawn with a Zipf-like law (the word of rank r is
 * drawn with weight 1/(r + 2)), so a few words are in most messages and the tail is rare, as in
 * real text. Recurring phrases stand in for noun phrases now and then, so phrase queries have hits.
 *
 * <p>Text holds letters, spaces and {@code , . ; ? '} only, never a quote or backslash, so it can be
 * put in JSON as it is. {@link SearchBenchmark} takes its query terms from the same lists: a
 * "common" word is the head of a list, a "rare" one its tail.
 */
final class SearchCorpus {

    /** Nouns, most frequent first. */
    static final List<String> NOUNS = words("""
            file code error function data time way problem question example value test user server
            system request change version issue model project list name type message line thing answer
            case result method class table query response string number page step database service idea
            config api field key option command process output input part point setting feature team
            library package module object array variable loop event call path reason word text app
            network memory cache client log build image account release task tool folder document
            script token branch commit repository container cluster node host port connection session
            thread queue job worker schedule timeout limit size format parameter argument template
            component interface view screen button form link browser window tab menu header footer
            column row record index key schema migration transaction lock backup replica partition
            layer framework dependency plugin extension environment variable secret password permission
            role policy rule group organization customer order product price invoice payment cart
            item stock store shop market business company manager meeting plan goal budget report
            chart graph metric dashboard alert incident outage deadline sprint ticket bug fix patch
            feedback review comment note draft email letter story article post blog book chapter
            paragraph sentence title summary topic subject lesson course student teacher school class
            exam grade homework essay research paper study experiment theory evidence source reference
            citation author reader writer editor language grammar vocabulary translation meaning
            definition concept principle pattern structure design architecture diagram prototype
            sketch layout style color font icon logo brand theme background border margin padding
            shadow animation transition gradient pixel resolution device phone laptop desktop tablet
            keyboard mouse monitor printer camera speaker microphone headset battery charger cable
            adapter router modem signal bandwidth latency throughput speed performance benchmark load
            traffic spike peak capacity resource quota usage cost bill plan tier subscription license
            contract agreement term condition law regulation compliance audit risk threat attack
            vulnerability exploit breach firewall certificate encryption signature hash salt cipher
            protocol packet socket stream buffer channel pipe signal handler callback promise future
            coroutine scheduler executor pool driver adapter gateway proxy balancer router endpoint
            route controller middleware filter interceptor decorator factory builder singleton
            instance constructor getter setter property attribute annotation macro generic lambda
            closure scope context state store reducer action effect hook prop render component
            element selector stylesheet layout grid flexbox viewport breakpoint media query font
            asset bundle chunk compiler interpreter runtime engine machine kernel process daemon
            shell terminal prompt cursor editor plugin theme shortcut snippet macro clipboard
            recipe ingredient kitchen oven pan pot knife spoon fork plate bowl cup glass bottle
            breakfast lunch dinner meal snack dessert cake bread cheese butter egg milk coffee tea
            water juice wine beer sugar salt pepper garlic onion tomato potato carrot apple banana
            orange lemon rice pasta soup salad sauce chicken beef pork fish shrimp vegetable fruit
            garden plant tree flower seed soil leaf root branch grass lawn fence yard house room
            kitchen bedroom bathroom door floor wall ceiling roof stair window curtain carpet couch
            chair desk lamp shelf closet drawer mirror sink shower towel blanket pillow mattress
            city town village street road highway bridge tunnel station airport train bus car bike
            truck ship boat plane flight ticket trip journey vacation holiday hotel reservation
            passport visa luggage suitcase map direction distance mile kilometer hour minute second
            day week month year morning afternoon evening night weekend season spring summer autumn
            winter weather rain snow wind storm cloud sun moon star sky ocean sea lake river mountain
            hill valley forest desert island beach coast shore wave tide island cave rock stone sand
            family parent mother father child son daughter brother sister friend neighbor partner
            colleague boss employee client guest visitor stranger person people human body head face
            eye ear nose mouth tooth hand finger arm leg foot knee back heart brain skin blood bone
            health doctor nurse hospital clinic patient medicine pill dose symptom fever cough pain
            injury treatment therapy diet exercise workout gym muscle sleep stress mood energy habit
            routine hobby game sport team player coach match score goal ball field court race
            music song album band guitar piano drum violin concert ticket movie film show episode
            series season actor director scene script camera photo picture painting drawing museum
            gallery art artist poem poetry novel fiction character plot ending hero villain
            money cash coin dollar euro bank loan debt interest rate tax income salary wage pension
            saving investment stock bond fund portfolio share dividend profit loss revenue expense
            receipt wallet card credit balance transfer deposit withdrawal fee discount coupon deal
            history culture tradition religion politics government election vote president minister
            country nation state province region border war peace army soldier weapon treaty
            science physics chemistry biology math algebra geometry calculus equation formula proof
            theorem matrix vector tensor gradient derivative integral probability statistics
            distribution sample mean median variance deviation correlation regression classifier
            cluster feature label dataset training inference prediction accuracy precision recall
            embedding transformer attention layer neuron weight bias epoch batch optimizer loss
            prompt completion context window temperature tokenizer vocabulary corpus benchmark
            evaluation baseline metric leaderboard checkpoint fine adapter agent assistant chatbot
            conversation dialogue reply chat thread mention notification reminder calendar event
            appointment deadline agenda minute invitation guest party wedding birthday anniversary
            gift present card flower balloon candle cake celebration ceremony speech toast
            animal dog cat bird horse cow sheep pig chicken duck rabbit mouse rat snake frog fish
            whale dolphin shark bear wolf fox deer lion tiger elephant monkey insect bee ant spider
            butterfly mosquito worm pet vet leash collar cage tank aquarium
            energy electricity power voltage current circuit wire switch fuse socket outlet bulb
            solar panel wind turbine engine motor fuel gas oil diesel hybrid vehicle tire brake
            steering mirror seat belt trunk hood dashboard mileage insurance accident repair mechanic
            tool hammer nail screw drill saw wrench bolt ladder paint brush tape glue rope chain
            material wood metal steel iron copper plastic glass paper fabric cotton wool leather
            clothing shirt pants jeans dress skirt jacket coat sweater hat cap scarf glove sock shoe
            boot sneaker belt watch ring necklace bracelet earring bag backpack purse umbrella
            hypothesis experiment observation measurement unit scale ratio percentage fraction decimal
            integer float boolean char byte bit word pointer reference heap stack register
            instruction opcode assembly binary executable linker loader symbol debugger breakpoint
            profiler trace span sampler exporter collector agent probe heartbeat liveness readiness
            deployment rollout rollback canary blue green pipeline stage artifact registry manifest
            chart helm operator controller reconciler webhook admission ingress egress namespace
            volume mount claim snapshot bucket object blob archive tarball checksum mirror
            retry backoff jitter circuit bulkhead fallback throttle debounce sharding replication
            consensus quorum leader follower election heartbeat gossip clock skew drift vector
            watermark offset cursor pagination sorting ranking relevance snippet highlight stemmer
            lexeme posting dictionary thesaurus synonym antonym stopword phrase prefix suffix
            accordion carousel tooltip modal drawer toast badge avatar spinner skeleton placeholder
            wizard stepper slider toggle checkbox dropdown combobox datepicker autocomplete
            abbreviation absence academy accent acceptance accessory accommodation accountant
            achievement acid acquaintance activist addiction addition administration admiration
            adolescent adventure advertisement advice advocate affair affection aftermath agency
            agriculture aircraft airline alarm alcohol allergy alliance allowance ally altitude
            ambassador ambition ambulance amendment amount amusement analogy analyst ancestor angle
            anger ankle announcement anxiety apartment apology appetite applause appliance applicant
            appreciation approach approval architect arena arrangement arrival arrow aspect
            assembly assessment assignment assumption athlete atmosphere attempt attic attitude
            auction audience auditorium aunt authority autonomy awareness bachelor bakery balcony
            ballot bargain barrel barrier basement basket bath battle beauty behavior belief
            beneficiary benefit biography biscuit blade blanket blessing blossom bonus boundary
            bracket brick bride broadcast brochure budget buffet burden bureau butcher cabin
            cabinet cafeteria calculator campaign campus canal candidate canvas capital captain
            career cargo carpenter cartoon cashier castle catalog category cattle caution ceiling
            celebrity cemetery census century champion championship chaos chapel charity charm
            chemist chest chief childhood chimney chocolate choir cigarette circle circus citizen
            civilization classroom clerk cliff climate coalition coast cockpit coffin collapse
            collection college colony column comedy comfort commander commission commitment
            committee commodity communication community companion comparison compensation
            competition complaint compromise concentration concern concession conclusion
            confession confidence confirmation conflict confrontation confusion congress
            conscience consciousness consensus consequence conservation consideration conspiracy
            constitution construction consultant consumer contact contempt contest contribution
            convenience convention conviction cooperation coordinator corner corporation corridor
            cottage council counselor courage courtesy cousin coverage craft creature crew crime
            crisis criterion critic crop crowd crown cruise crystal cuisine cupboard curiosity
            curriculum custody cylinder dairy damage danger dawn debate decade decision declaration
            decoration dedication defendant deficit delegate delight democracy demonstration
            dentist departure deputy descendant destination destruction detective devotion
            diagnosis diamond diary dignity dilemma dimension dinosaur diploma disaster discipline
            discovery disease dish dispute district diversity divorce doctrine domain donation
            donor dozen dragon drama dream dust duty dwelling eagle earthquake ecology economy
            edition education efficiency elbow elevator embassy emergency emotion emphasis empire
            enemy engagement engineer enterprise entertainment enthusiasm entrance envelope
            episode equality equipment era errand escape essence estate ethics evacuation
            exhibition existence expedition expertise explosion exposure fabric facility faculty
            faith fame fantasy farmer fashion fatigue fault favor fear federation festival fiber
            fiction fireplace fisherman flag flavor fleet flood folk fortune fossil foundation
            fountain fragment franchise freedom frontier funeral furniture galaxy garage generation
            genius gesture ghost glimpse glory governor grandmother gratitude gravity guardian
            guidance guilt guitarist habitat hallway harmony harvest headline heritage hierarchy
            lighthouse harbor anchor compass telescope microscope lantern chimney cathedral
            monastery vineyard orchard meadow glacier volcano canyon lagoon archipelago peninsula
            saffron cardamom nutmeg turmeric paprika oregano thyme rosemary basil parsley cilantro
            quinoa lentil chickpea tofu tempeh kimchi sauerkraut miso sourdough croissant baguette
            harpsichord cello oboe clarinet trombone tuba xylophone accordion banjo mandolin ukulele
            sonnet haiku limerick ballad elegy epic fable parable allegory satire parody anthology
            aardvark armadillo platypus narwhal axolotl capybara pangolin okapi wombat quokka
            tapir lemur marmot ocelot manatee
            """);

    /** Verbs in their base form, most frequent first. */
    static final List<String> VERBS = words("""
            use make get add run fix change create find check write read need try update remove
            send return call set show build test install start stop open close save load delete
            move copy paste print parse convert handle store cache fetch deploy configure enable
            disable restart upgrade downgrade migrate import export merge split join sort filter
            search replace rename format validate verify compile debug profile optimize refactor
            implement design explain describe compare understand learn teach help suggest recommend
            think know want like prefer love hate feel seem look see hear listen watch notice
            understand remember forget expect assume guess decide choose pick select keep leave
            give take bring carry hold push pull drop throw catch raise lower increase decrease
            reduce improve grow shrink expand extend limit restrict allow deny block unblock accept
            reject approve review comment reply answer ask request require include exclude contain
            cover support handle manage control monitor measure track log report alert notify
            schedule plan organize prepare arrange book cancel postpone delay wait hurry finish
            complete continue resume pause skip repeat retry reset clear clean wash cook bake boil
            fry grill roast chop slice mix stir pour serve eat drink taste smell touch feel walk run
            jump climb swim drive ride fly travel visit stay live work play sing dance draw paint
            speak talk say tell mention discuss argue agree disagree convince persuade negotiate
            buy sell pay spend earn borrow lend owe invest save afford charge refund order ship
            deliver receive return exchange pack unpack wrap label tag mark highlight underline
            encrypt decrypt sign hash encode decode compress decompress serialize deserialize
            stream buffer flush sync batch queue dispatch publish subscribe consume produce emit
            listen bind mount attach detach connect disconnect authenticate authorize login logout
            register subscribe unsubscribe invite share publish archive restore recover rebuild
            reboot shutdown boot launch execute invoke trigger spawn fork kill terminate abort
            crash fail succeed pass break leak hang freeze block lock unlock release acquire wake
            sleep yield await poll probe ping trace sample aggregate group count sum average round
            truncate pad trim strip wrap escape quote match capture extract inject mock stub fake
            benchmark measure estimate predict classify cluster train tune evaluate infer embed rank
            score weigh balance shard replicate partition index vacuum analyze explain plan scan
            seek hash join nest loop materialize spill grow tolerate survive reconcile converge
            translate summarize paraphrase proofread outline draft revise edit polish publish cite
            abandon absorb accelerate accommodate accompany accumulate accuse achieve acknowledge
            adapt adjust admire admit adopt advertise advise afford alter amend amuse announce
            anticipate apologize appeal appear applaud appoint appreciate approach assemble assess
            assign assist assure attract attribute avoid bake balance bargain behave belong bend
            blame blend bless borrow bounce breathe brew browse calculate celebrate challenge
            cherish chew circulate clarify collapse collaborate collect combine comfort commit
            communicate compensate compete complain compose concentrate conclude confess confirm
            memorize practice rehearse meditate stretch hike camp fish hunt garden plant harvest
            knit sew embroider sculpt carve weld solder glue sand varnish insulate renovate
            """);

    /** Adjectives, most frequent first. */
    static final List<String> ADJECTIVES = words("""
            new good simple different same other important possible easy hard fast slow large
            small big little long short high low old young main current default custom local remote
            public private global internal external empty full valid invalid correct wrong right
            better best worse worst quick safe secure stable reliable flexible clean clear
            complex common rare specific general basic advanced final initial previous next last
            first second single multiple separate whole entire free available busy ready open closed
            active inactive online offline visible hidden static dynamic async sync optional
            required useful helpful interesting strange weird odd nice great bad poor rich cheap
            expensive heavy light dark bright warm cold hot cool wet dry soft hard smooth rough
            sharp dull loud quiet calm angry happy sad tired hungry sick healthy strong weak
            careful careless honest fair friendly polite rude kind gentle brave shy proud humble
            modern ancient recent early late daily weekly monthly annual temporary permanent
            manual automatic visual textual numeric binary linear recursive parallel concurrent
            distributed centralized scalable resilient idempotent atomic consistent durable
            isolated eventual strict lenient verbose concise explicit implicit abstract concrete
            generic typed untyped mutable immutable nullable deprecated experimental legacy
            broken flaky noisy silent redundant duplicate missing extra unused unknown unexpected
            obvious subtle minor major critical urgent trivial tricky elegant ugly messy neat tidy
            fresh stale frozen raw cooked spicy sweet sour bitter salty crispy creamy juicy tender
            green red blue yellow black white gray brown purple pink orange golden silver
            wooden metallic plastic glass woolen cotton leather electric solar digital analog
            wireless portable compact spacious cozy crowded empty narrow wide deep shallow steep
            flat round square tiny huge massive enormous giant minimal maximal optimal
            efficient wasteful accurate precise approximate rough exact random deterministic
            statistical semantic lexical syntactic grammatical historical political economic
            social cultural scientific medical legal financial technical practical theoretical
            emotional physical mental spiritual natural artificial organic synthetic chemical
            musical artistic literary poetic dramatic comic tragic romantic mysterious magical
            abundant academic acceptable accessible accidental adequate adjacent affordable
            aggressive alert alternative ambitious ample anxious apparent appropriate arbitrary
            attractive authentic awkward balanced beneficial bold brilliant brief capable casual
            cautious charming cheerful chronic civil classic clever coherent comfortable
            competitive comprehensive confident confidential conscious conservative considerable
            constant constructive contemporary convenient conventional creative credible crucial
            curious decent decisive delicate delightful dense dependent desperate detailed
            diligent diplomatic distinct diverse domestic dominant eager economical effective
            elaborate eligible eloquent emerging endless energetic enthusiastic essential ethical
            exceptional excessive exclusive exotic extensive faithful familiar fancy fascinating
            feasible fierce fragile frank frequent fundamental generous genuine glorious graceful
            lucid verbose laconic pedantic whimsical sardonic mellifluous ephemeral ubiquitous
            serendipitous quixotic ineffable luminous gossamer labyrinthine iridescent
            """);

    /** Adverbs, most frequent first. */
    static final List<String> ADVERBS = words("""
            also just really actually probably usually often always never sometimes already still
            again now then quickly slowly easily carefully correctly properly directly finally
            exactly simply basically generally currently recently suddenly immediately eventually
            automatically manually locally remotely safely securely efficiently reliably
            consistently randomly frequently rarely occasionally regularly daily weekly instead
            together separately completely partially mostly nearly almost barely hardly clearly
            obviously apparently fortunately unfortunately surprisingly honestly seriously
            literally definitely certainly maybe perhaps soon later earlier today tomorrow
            yesterday tonight anyway otherwise meanwhile therefore however moreover furthermore
            gracefully lazily eagerly verbosely silently loudly gently roughly precisely
            """);

    /** Recurring phrases, most frequent first; each stands in for a noun phrase. */
    static final List<String> PHRASES = words("""
            connection_pool error_message unit_test pull_request time_zone best_practices
            machine_learning memory_leak race_condition dependency_injection rate_limit
            environment_variable stack_trace null_pointer_exception load_balancer database_migration
            continuous_integration code_review user_interface command_line access_token
            primary_key foreign_key full_text_search garbage_collection thread_pool event_loop
            message_queue service_level_objective cold_start hot_path cache_invalidation
            dead_letter_queue exponential_backoff feature_flag blue_green_deployment
            row_level_security materialized_view query_planner index_scan sequential_scan
            natural_language_processing large_language_model context_window system_prompt
            chocolate_chip_cookies sourdough_starter vegetable_garden birthday_party road_trip
            job_interview cover_letter weekly_report quarterly_review team_meeting
            """).stream().map(p -> p.replace('_', ' ')).toList();

    private static final String[] USER_TEMPLATES = {
            "How do I %v the %n in %d %n?",
            "Why does my %n %v when the %n is %a?",
            "Can you %v %d %a %n for the %n?",
            "I want to %v the %n %r.",
            "What is the difference between %d %n and %d %a %n?",
            "My %n keeps failing with %d %a %n.",
            "Is it possible to %v %d %n without %d %n?",
            "Please %v this %n and %v the %n.",
            "I tried to %v the %n but the %n is still %a.",
            "What would you %v for %d %a %n?",
    };

    private static final String[] ASSISTANT_TEMPLATES = {
            "You can %v the %n with %d %a %n.",
            "The %n is %a because the %n does not %v the %n.",
            "First, %v the %n; then %v %d %a %n.",
            "If you %v %d %n, the %n will %v %r.",
            "%R, %d %n of the %n should %v %d %n.",
            "This is %a when the %n and the %n are %a.",
            "Another option is to %v the %n before you %v the %n.",
            "Make sure the %n can %v %d %a %n.",
            "In most cases %d %a %n is enough to %v the %n.",
            "A %a %n usually helps, since the %n tends to %v %r.",
            "Try to %v the %n in %d %n and %v the %n %r.",
            "Note that %d %n may %v the %n if the %n is %a.",
    };

    private static final String[] DETERMINERS = {"the", "a", "this", "that", "your", "my", "our", "every", "some", "each"};

    /** Chance that a noun slot holds one of the recurring phrases instead. */
    private static final double PHRASE_CHANCE = 0.04;

    private static final Zipf NOUN_RANKS = new Zipf(NOUNS.size());
    private static final Zipf VERB_RANKS = new Zipf(VERBS.size());
    private static final Zipf ADJECTIVE_RANKS = new Zipf(ADJECTIVES.size());
    private static final Zipf ADVERB_RANKS = new Zipf(ADVERBS.size());
    private static final Zipf PHRASE_RANKS = new Zipf(PHRASES.size());

    private SearchCorpus() {
    }

    static int vocabularySize() {
        return NOUNS.size() + VERBS.size() + ADJECTIVES.size() + ADVERBS.size();
    }

    /** A user's turn: one to three short sentences. */
    static String userMessage(RandomGenerator random) {
        return sentences(random, USER_TEMPLATES, 1 + random.nextInt(3));
    }

    /** An assistant's turn: four to sixteen sentences, about a hundred words on average. */
    static String assistantMessage(RandomGenerator random) {
        return sentences(random, ASSISTANT_TEMPLATES, 4 + random.nextInt(13));
    }

    /** A conversation title: a few words, capitalised. */
    static String title(RandomGenerator random) {
        String text = ADJECTIVES.get(ADJECTIVE_RANKS.next(random)) + " " + noun(random)
                + (random.nextBoolean() ? " " + NOUNS.get(NOUN_RANKS.next(random)) : "");
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String sentences(RandomGenerator random, String[] templates, int count) {
        StringBuilder text = new StringBuilder(count * 64);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            String template = templates[random.nextInt(templates.length)];
            for (int c = 0; c < template.length(); c++) {
                char ch = template.charAt(c);
                if (ch != '%') {
                    text.append(ch);
                    continue;
                }
                char slot = template.charAt(++c);
                text.append(switch (slot) {
                    case 'n' -> noun(random);
                    case 'v' -> VERBS.get(VERB_RANKS.next(random));
                    case 'a' -> ADJECTIVES.get(ADJECTIVE_RANKS.next(random));
                    case 'r' -> ADVERBS.get(ADVERB_RANKS.next(random));
                    case 'R' -> capitalised(ADVERBS.get(ADVERB_RANKS.next(random)));
                    case 'd' -> DETERMINERS[random.nextInt(DETERMINERS.length)];
                    default -> throw new IllegalStateException("unknown slot %" + slot);
                });
            }
        }
        return text.toString();
    }

    private static String noun(RandomGenerator random) {
        return random.nextDouble() < PHRASE_CHANCE ? PHRASES.get(PHRASE_RANKS.next(random)) : NOUNS.get(NOUN_RANKS.next(random));
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** A word listed twice keeps its first, higher, rank. */
    private static List<String> words(String block) {
        return Arrays.stream(block.strip().split("\\s+")).distinct().toList();
    }

    /** Draws ranks 0..n-1 with weight 1/(rank + 2): Zipf's law, flattened a little at the head. */
    private static final class Zipf {
        private final double[] cumulative;

        Zipf(int n) {
            cumulative = new double[n];
            double sum = 0;
            for (int rank = 0; rank < n; rank++) {
                sum += 1.0 / (rank + 2);
                cumulative[rank] = sum;
            }
            for (int rank = 0; rank < n; rank++) {
                cumulative[rank] /= sum;
            }
        }

        int next(RandomGenerator random) {
            int index = Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(index < 0 ? -index - 1 : index, cumulative.length - 1);
        }
    }
}
